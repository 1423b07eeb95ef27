import { useEffect, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { Card, Typography } from 'antd';
import { ShiftCheckInCodeDocument } from '../../api/sdk';
import { useSession } from '../../api/session';

/** The shift's six-digit check-in code as a QR code for the volunteer's phone (only the grid's staff get a code). */
export function CheckInCode({ shiftId }: { shiftId: string }) {
  const { run } = useSession();
  const [code, setCode] = useState<string | null>(null);
  const [image, setImage] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    run(ShiftCheckInCodeDocument, { id: shiftId }).then(async (data) => {
      const value = data.node && 'checkInCode' in data.node ? data.node.checkInCode : null;
      if (!current || !value) return;
      // The QR library is loaded only when a code is shown.
      const { toDataURL } = await import('qrcode');
      const url = await toDataURL(value, { margin: 1, width: 200 });
      if (current) { setCode(value); setImage(url); }
    }, () => {});
    return () => { current = false; };
  }, [run, shiftId]);

  if (!code || !image) return null;
  return (
    <Card size="small" title={<FormattedMessage id="day.checkInCode" />}>
      <img src={image} alt={code} width={200} height={200} data-testid="check-in-qr" />
      <Typography.Title level={3} copyable style={{ margin: 0, letterSpacing: 4 }} data-testid="check-in-code">{code}</Typography.Title>
    </Card>
  );
}

import { Link } from 'react-router';
import { FormattedMessage } from 'react-intl';
import { Button, Result } from 'antd';
import { HOME } from '../../routes';

/** A path that is no screen, or a record the viewer may not see: the same answer for both, like the API's NOT_FOUND. */
export default function NotFound() {
  return (
    <div data-testid="not-found">
      <Result status="404" title={<FormattedMessage id="notFound.title" />} subTitle={<FormattedMessage id="notFound.detail" />}
        extra={<Link to={HOME}><Button type="primary"><FormattedMessage id="notFound.back" /></Button></Link>} />
    </div>
  );
}

import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { App } from 'antd';
import { messageOf } from '../api/errors';

/** Shows what a failed call means: the server's message as it came (in the chosen language). */
export function useFailure(): (error: unknown) => void {
  const { message } = App.useApp();
  const intl = useIntl();
  return useCallback((error: unknown) => {
    const said = messageOf(error);
    void message.error('text' in said ? said.text : intl.formatMessage({ id: said.key }));
  }, [message, intl]);
}

/** The text of a failure, for a screen that shows it in place (a form's alert). */
export function useFailureText(): (error: unknown) => string {
  const intl = useIntl();
  return useCallback((error: unknown) => {
    const said = messageOf(error);
    return 'text' in said ? said.text : intl.formatMessage({ id: said.key });
  }, [intl]);
}

/**
 * The drawer every create / edit form opens in: title, Cancel and a primary submit button in the
 * footer, above the fields the alert for a submission the server refused, and the submission's
 * idempotency key. The caller keeps the form instance and the mutation (so it can watch fields,
 * fill the form on open and put the server's field errors next to their fields).
 */
import { Button, Drawer, Form, Space, type FormInstance, type FormProps } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey } from './api';
import { ErrorAlert } from './ui';

export interface FormDrawerProps<V> {
  open: boolean;
  /** Both the drawer's close button and Cancel. */
  onClose: () => void;
  title: ReactNode;
  /** The drawer's width in pixels. */
  size: number;
  form: FormInstance<V>;
  /**
   * Called with the validated values and the key for an idempotent create: one key per
   * submission attempt, kept while the same values are retried, renewed on open and on any edit.
   */
  onFinish: (values: V, idempotencyKey: string) => void;
  /** The failed submission, shown above the fields (nothing when null). */
  error: unknown;
  /** More lines under the error (problems with no field of their own). */
  errorExtra?: ReactNode;
  /** The submit button spins while this is true. */
  submitting: boolean;
  /** The submit button's text; "Save" by default. */
  submitLabel?: ReactNode;
  submitTestId?: string;
  /** An action at the footer's far side (such as Delete). */
  footerStart?: ReactNode;
  /** Anything else for the `<Form>` (initialValues, scrollToFirstError, a test id). */
  formProps?: Omit<FormProps<V>, 'form' | 'layout' | 'onFinish' | 'children'> & { 'data-testid'?: string };
  children: ReactNode;
}

export function FormDrawer<V>({
  open, onClose, title, size, form, onFinish, error, errorExtra, submitting, submitLabel, submitTestId, footerStart, formProps, children,
}: FormDrawerProps<V>) {
  const { t } = useTranslation();
  const key = useRef(newIdempotencyKey());
  useEffect(() => {
    if (open) key.current = newIdempotencyKey();
  }, [open]);
  const actions = (
    <>
      <Button onClick={onClose}>{t('common.cancel')}</Button>
      <Button type="primary" loading={submitting} onClick={() => form.submit()} data-testid={submitTestId}>
        {submitLabel ?? t('common.save')}
      </Button>
    </>
  );
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={size}
      title={title}
      destroyOnHidden
      footer={
        footerStart ? (
          <Space style={{ justifyContent: 'space-between', width: '100%' }}>
            {footerStart}
            <Space>{actions}</Space>
          </Space>
        ) : (
          <Space style={{ justifyContent: 'flex-end', width: '100%' }}>{actions}</Space>
        )
      }
    >
      <Form<V>
        {...formProps}
        form={form}
        layout="vertical"
        onFinish={(values) => onFinish(values, key.current)}
        onValuesChange={(changed, all) => {
          key.current = newIdempotencyKey();
          formProps?.onValuesChange?.(changed, all);
        }}
      >
        <ErrorAlert error={error} extra={errorExtra} />
        {children}
      </Form>
    </Drawer>
  );
}

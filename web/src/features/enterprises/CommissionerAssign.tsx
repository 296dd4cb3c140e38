/**
 * Resident commissioners (驻企专员) of members: assign one to a firm or to many at once, change
 * or remove the assignment. Only the alliance's commissioners can be chosen (the server checks
 * too); a firm that fails in a batch is listed with the reason and the rest are saved.
 */
import { DeleteOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Modal, Popconfirm, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../../lib/api';
import { useStaffDirectory } from '../../lib/directory';
import { applyFieldErrors, errorMessage, fieldMessage } from '../../lib/errors';
import { EmptyState, ErrorAlert } from '../../lib/ui';
import { useAssignCommissioner, type AssignOutcome, type Enterprise } from './api';

type Firm = Pick<Enterprise, 'id' | 'name' | 'membership' | 'commissioner'>;

/** Why one firm of a batch was not saved: the field problem when there is one, else the error. */
function failureText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError && error.errors[0]) return fieldMessage(t, error.errors[0]);
  return errorMessage(t, error);
}

function Failures({ outcome }: { outcome: AssignOutcome | undefined }) {
  const { t } = useTranslation();
  if (!outcome?.failed.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      className="form-alert"
      title={t('enterprises.commissioner.someFailed', { count: outcome.failed.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {outcome.failed.map((f) => (
            <li key={f.enterprise.id}>{t('common.labelValue', { label: f.enterprise.name, value: failureText(t, f.error) })}</li>
          ))}
        </ul>
      }
    />
  );
}

/** The alliance's commissioners, by name. */
function useCommissioners(enabled: boolean) {
  const directory = useStaffDirectory(enabled);
  return { ...directory, data: directory.data?.filter((p) => p.roles.includes('commissioner')) };
}

/** Assign a commissioner to one firm or to several (the selection on the members page). */
export function AssignCommissionerModal({ open, firms, onClose, onSaved }: { open: boolean; firms: Firm[]; onClose: () => void; onSaved?: (ids: number[]) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ userId: number }>();
  const commissioners = useCommissioners(open);
  const mutation = useAssignCommissioner();
  const single = firms.length === 1 ? firms[0] : undefined;

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ userId: single?.commissioner?.id });
      mutation.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = ({ userId }: { userId: number }) => {
    const name = commissioners.data?.find((c) => c.id === userId)?.displayName ?? '';
    mutation.mutate(
      { enterprises: firms, userId },
      {
        onSuccess: (outcome) => {
          if (outcome.saved.length) {
            onSaved?.(outcome.saved.map((e) => e.id));
            message.success(
              single ? t('enterprises.commissioner.assigned', { firm: single.name, name }) : t('enterprises.commissioner.assignedMany', { count: outcome.saved.length, name }),
            );
          }
          if (!outcome.failed.length) onClose();
          // One firm: its field problem (e.g. no longer a commissioner) goes next to the field.
          else if (single) applyFieldErrors(t, form, outcome.failed[0].error);
        },
      },
    );
  };

  const empty = commissioners.isSuccess && commissioners.data?.length === 0;
  // The current commissioner stays shown by name even if no longer in the directory (disabled).
  const current = single?.commissioner;
  const options = [...(commissioners.data ?? []), ...(current && !commissioners.data?.some((c) => c.id === current.id) ? [current] : [])].map((c) => ({ value: c.id, label: c.displayName }));
  /** One firm: why it was not saved (a batch lists its failures instead). */
  const failure = single ? mutation.data?.failed[0]?.error : undefined;
  return (
    <Modal
      open={open}
      title={single ? t('enterprises.commissioner.assignTitle', { firm: single.name }) : t('enterprises.commissioner.assignManyTitle', { count: firms.length })}
      okText={t('enterprises.commissioner.assign')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: empty, 'data-testid': 'commissioner-save' }}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <ErrorAlert error={mutation.error ?? failure ?? commissioners.error} />
        <Failures outcome={single ? undefined : mutation.data} />
        {single ? (
          <Typography.Paragraph type="secondary">
            {t('common.labelValue', { label: t('enterprises.commissioner.current'), value: single.commissioner?.displayName ?? t('common.unassigned') })}
          </Typography.Paragraph>
        ) : (
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, expandable: true, symbol: t('enterprises.commissioner.showAll') }}>
            {firms.map((f) => f.name).join(t('enterprises.commissioner.separator'))}
          </Typography.Paragraph>
        )}
        {empty ? (
          <EmptyState description={t('enterprises.commissioner.noneInAlliance')} />
        ) : (
          <Form.Item name="userId" label={t('enterprises.fields.commissioner')} rules={[{ required: true, message: t('enterprises.commissioner.required') }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={commissioners.isPending}
              placeholder={t('enterprises.commissioner.choose')}
              options={options}
              notFoundContent={commissioners.isPending ? t('enterprises.commissioner.loading') : t('enterprises.commissioner.noMatch')}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** Remove the assignment of several firms at once (asks first). */
export function ClearCommissionersButton({ firms, onCleared }: { firms: Firm[]; onCleared: (ids: number[]) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mutation = useAssignCommissioner();
  return (
    <Popconfirm
      title={t('enterprises.commissioner.clearManyConfirm', { count: firms.length })}
      okText={t('enterprises.commissioner.remove')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true }}
      onConfirm={() =>
        mutation.mutateAsync({ enterprises: firms, userId: null }).then((outcome) => {
          onCleared(outcome.saved.map((e) => e.id));
          if (outcome.saved.length) message.success(t('enterprises.commissioner.clearedMany', { count: outcome.saved.length }));
          if (outcome.failed.length) message.error(t('enterprises.commissioner.someFailed', { count: outcome.failed.length }));
        })
      }
    >
      <Button icon={<DeleteOutlined />} loading={mutation.isPending} disabled={!firms.length}>
        {t('enterprises.commissioner.clearMany')}
      </Button>
    </Popconfirm>
  );
}

/** The commissioner on a member's profile, with change and remove for those who assign. */
export function CommissionerControl({ enterprise: e, canAssign }: { enterprise: Firm; canAssign: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const clear = useAssignCommissioner();
  const name = e.commissioner?.displayName;
  return (
    <Space wrap size={[8, 0]} data-testid="commissioner">
      {name ? <span>{name}</span> : <span className="muted">{t('common.unassigned')}</span>}
      {canAssign ? (
        <>
          <Button size="small" type="link" icon={<UserSwitchOutlined />} onClick={() => setOpen(true)}>
            {name ? t('enterprises.commissioner.change') : t('enterprises.commissioner.assign')}
          </Button>
          {name ? (
            <Popconfirm
              title={t('enterprises.commissioner.clearConfirm', { name, firm: e.name })}
              okText={t('enterprises.commissioner.remove')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() =>
                clear.mutateAsync({ enterprises: [e], userId: null }).then((outcome) => {
                  if (outcome.saved.length) message.success(t('enterprises.commissioner.cleared', { firm: e.name }));
                  else message.error(failureText(t, outcome.failed[0]?.error));
                })
              }
            >
              <Button size="small" type="link" danger icon={<DeleteOutlined />} loading={clear.isPending}>
                {t('enterprises.commissioner.remove')}
              </Button>
            </Popconfirm>
          ) : null}
          <AssignCommissionerModal open={open} firms={[e]} onClose={() => setOpen(false)} />
        </>
      ) : null}
    </Space>
  );
}

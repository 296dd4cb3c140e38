/**
 * Report a problem (提出问题) in a drawer: the enterprise for itself, or staff on behalf of a
 * member. Fields run the server's zod rules in the browser; attachments are checked for type and
 * size before upload and sent once the problem exists.
 */
import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Col, Form, Input, Row, Select, Typography, Upload, type UploadFile } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CreateTicketBody } from '@server/modules/tickets/tickets.schema';
import { newIdempotencyKey } from '../../lib/api';
import { applyFieldErrors, errorMessage, requiredRule, zodRule } from '../../lib/errors';
import { FormDrawer } from '../../lib/form-drawer';
import { can, hasRole, useSession } from '../../lib/session';
import {
  ATTACHMENT_ACCEPT, PRIORITIES, TICKET_CATEGORIES, uploadAttachment, useCreateTicket, type Category, type Priority, type TicketFull,
} from './api';
import { attachmentProblem } from './attachments';
import { EnterpriseSelect, useCaseloadMembers, useMember } from '../../lib/enterprise-select';

interface Values {
  enterpriseId: number;
  category: Category;
  priority: Priority;
  title: string;
  description?: string;
}

/** Which enterprise the problem is for: one's own, the caseload, or any member (staff). */
function EnterpriseField() {
  const { t } = useTranslation();
  const session = useSession();
  const staff = can(session, 'enterprise.list');
  const commissioner = hasRole(session, 'commissioner') && !hasRole(session, 'secretary', 'platform_admin', 'group_member');
  const own = session.enterpriseIds[0];
  const ownEnterprise = useMember(!staff && own ? own : undefined);
  const caseload = useCaseloadMembers(staff && commissioner);
  const rules = [requiredRule(t)];
  if (!staff) {
    return (
      <Form.Item name="enterpriseId" label={t('tickets.fields.enterprise')} rules={rules}>
        <Select options={session.enterpriseIds.map((id) => ({ value: id, label: id === own ? (ownEnterprise.data?.name ?? `#${id}`) : `#${id}` }))} disabled={session.enterpriseIds.length <= 1} />
      </Form.Item>
    );
  }
  if (commissioner) {
    return (
      <Form.Item name="enterpriseId" label={t('tickets.form.onBehalfOf')} rules={rules} extra={t('tickets.form.onBehalfHelp')}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={caseload.isFetching}
          placeholder={t('common.select')}
          options={(caseload.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))}
        />
      </Form.Item>
    );
  }
  return (
    <Form.Item name="enterpriseId" label={t('tickets.form.onBehalfOf')} rules={rules} extra={t('tickets.form.onBehalfHelp')}>
      <EnterpriseSelect ariaLabel={t('tickets.form.onBehalfOf')} placeholder={t('tickets.form.searchEnterprise')} onChange={() => undefined} />
    </Form.Item>
  );
}

export function TicketFormDrawer({ open, onClose, onSaved, initial }: { open: boolean; onClose: () => void; onSaved: (t: TicketFull) => void; initial?: Partial<Values> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const [form] = Form.useForm<Values>();
  const create = useCreateTicket();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ priority: 'normal', enterpriseId: can(session, 'enterprise.list') ? undefined : session.enterpriseIds[0], ...initial });
      create.reset();
      setFiles([]);
      setFileError(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = (v: Values, idempotencyKey: string) => {
    create.mutate(
      { body: { ...v, description: v.description ?? '' }, idempotencyKey },
      {
        onSuccess: async (ticket) => {
          setUploading(true);
          let failed = 0;
          for (const f of files) {
            try {
              await uploadAttachment(ticket.id, f.originFileObj as File, 'public', newIdempotencyKey());
            } catch (err) {
              failed += 1;
              message.error(`${f.name}: ${errorMessage(t, err)}`);
            }
          }
          setUploading(false);
          message.success(t(failed ? 'tickets.form.createdPartly' : 'tickets.form.created', { id: ticket.id, failed }));
          onSaved(ticket);
          onClose();
        },
        onError: (err) => applyFieldErrors(t, form, err),
      },
    );
  };

  const required = requiredRule(t);
  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      size={600}
      title={t('tickets.form.title')}
      form={form}
      onFinish={submit}
      error={create.error}
      submitting={create.isPending || uploading}
      submitLabel={t('tickets.form.submit')}
      submitTestId="ticket-submit"
      formProps={{ scrollToFirstError: true }}
    >
      <Typography.Paragraph type="secondary">{t('tickets.form.intro')}</Typography.Paragraph>
      <EnterpriseField />
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="category" label={t('tickets.fields.category')} rules={[required]}>
            <Select placeholder={t('common.select')} options={TICKET_CATEGORIES.map((c) => ({ value: c, label: t(`tickets.category.${c}`) }))} data-testid="ticket-category" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="priority" label={t('tickets.fields.priority')} rules={[required]} extra={t('tickets.form.priorityHelp')}>
            <Select options={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priority.${p}`) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="title" label={t('tickets.fields.title')} rules={[required, zodRule(t, CreateTicketBody.shape.title)]}>
        <Input maxLength={120} showCount placeholder={t('tickets.form.titlePlaceholder')} />
      </Form.Item>
      <Form.Item name="description" label={t('tickets.fields.description')} rules={[zodRule(t, CreateTicketBody.shape.description, { optional: true })]}>
        <Input.TextArea rows={5} maxLength={5000} showCount placeholder={t('tickets.form.descriptionPlaceholder')} />
      </Form.Item>
      <Form.Item label={t('tickets.fields.attachments')} extra={t('tickets.attachments.help')} validateStatus={fileError ? 'error' : undefined} help={fileError ?? undefined}>
        <Upload
          multiple
          accept={ATTACHMENT_ACCEPT}
          fileList={files}
          beforeUpload={(file) => {
            const problem = attachmentProblem(t, file);
            setFileError(problem);
            if (problem) return Upload.LIST_IGNORE;
            setFiles((fs) => [...fs, { uid: file.uid, name: file.name, size: file.size, originFileObj: file, status: 'done' }]);
            return false;
          }}
          onRemove={(f) => setFiles((fs) => fs.filter((x) => x.uid !== f.uid))}
        >
          <Button icon={<UploadOutlined />}>{t('tickets.attachments.choose')}</Button>
        </Upload>
      </Form.Item>
    </FormDrawer>
  );
}

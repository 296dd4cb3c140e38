/**
 * Declare or edit a supply link in a drawer. Alliance staff pick both firms (their links stand
 * confirmed); an enterprise declares for its own firm on one side, and the other side confirms.
 * Whether the item is essential and the stock on hand are the customer's facts, so only the
 * customer side (or staff) states them. The server's field errors — a customer's shares of an
 * item over 100 %, a duplicate link — land next to their fields.
 */
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Divider, Form, Input, InputNumber, Radio, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DeclareLinkBody } from '@server/modules/chain/chain.schema';
import { ApiError, newIdempotencyKey, type FieldProblem } from '../../lib/api';
import { applyFieldErrors, errorMessage, fieldMessage, requiredRule, zodRule } from '../../lib/errors';
import { FormDrawer } from '../../lib/form-drawer';
import { hasRole, type Session } from '../../lib/session';
import { useMember } from '../../lib/members';
import { useCreateItem, useDeclareLink, useItems, useUpdateLink, type Link } from './api';
import { MemberSelect } from './MemberSelect';
import { declareLinkBody, statesCustomerFacts, updateLinkBody, type LinkFormValues as Values } from './link-body';

const STAFF_ROLES = ['platform_admin', 'secretary', 'group_member', 'commissioner'] as const;

/** Whether the person acts for the alliance (their links need no confirmation). */
export const isStaff = (s: Session) => hasRole(s, ...STAFF_ROLES);

function NewItemInput() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [name, setName] = useState('');
  const create = useCreateItem();
  const key = useRef(newIdempotencyKey());
  const submit = () => {
    if (!name.trim()) return;
    create.mutate(
      { name: name.trim(), idempotencyKey: key.current },
      {
        onSuccess: (i) => {
          message.success(t('chain.links.itemAdded', { name: i.name }));
          setName('');
          key.current = newIdempotencyKey();
        },
        onError: (err) => message.error(err instanceof ApiError && err.errors[0]?.code === 'name_taken' ? t('fieldErrors.name_taken') : errorMessage(t, err)),
      },
    );
  };
  return (
    <Space.Compact style={{ width: '100%', padding: '0 8px 4px' }}>
      <Input
        value={name}
        maxLength={60}
        placeholder={t('chain.links.newItem')}
        aria-label={t('chain.links.newItem')}
        onChange={(e) => {
          setName(e.target.value);
          key.current = newIdempotencyKey();
        }}
        onKeyDown={(e) => e.stopPropagation()}
      />
      <Button icon={<PlusOutlined />} loading={create.isPending} onClick={submit}>{t('chain.links.addItem')}</Button>
    </Space.Compact>
  );
}

export function LinkFormDrawer({ open, link, session, onClose }: { open: boolean; link?: Link; session: Session; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const staff = isStaff(session);
  const editing = !!link;
  const declare = useDeclareLink();
  const update = useUpdateLink();
  const mutation = editing ? update : declare;
  const items = useItems(open);
  const ownId = session.enterpriseIds[0];
  const own = useMember(!staff ? ownId : undefined);
  /** Field problems with no field in this form (shown in the alert). */
  const [rest, setRest] = useState<FieldProblem[]>([]);
  const side = Form.useWatch('side', form) ?? 'customer';

  const ownOptions = session.enterpriseIds.map((id) => ({ value: id, label: id === ownId && own.data ? own.data.name : String(id) }));

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    declare.reset();
    update.reset();
    setRest([]);
    if (link) form.setFieldsValue({ sharePct: link.sharePct, essential: link.essential, leadDays: link.leadDays, stockDays: link.stockDays });
    else form.setFieldsValue({ side: 'customer', ownId, essential: true, leadDays: 2 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, link?.id, link?.version]);

  /** Whether the viewer states the customer's facts (essential, stock) for this link: never the supplier side. */
  const customerFacts = statesCustomerFacts({ staff, enterpriseIds: session.enterpriseIds, link, side });

  const done = (l: Link) => {
    message.success(t(editing ? 'chain.links.updated' : l.status === 'pending' ? 'chain.links.declaredPending' : 'chain.links.declared', { supplier: l.supplier.name, customer: l.customer.name, item: l.item.name }));
    onClose();
  };

  /** Server paths name supplier/customer; an enterprise's form names its own and the other side. */
  const failed = (err: unknown) => {
    if (!(err instanceof ApiError) || staff || editing) return setRest(applyFieldErrors(t, form, err));
    const s = form.getFieldValue('side') as 'supplier' | 'customer';
    const rename = (p: string) => (p === 'supplierId' ? (s === 'supplier' ? 'ownId' : 'otherId') : p === 'customerId' ? (s === 'customer' ? 'ownId' : 'otherId') : p);
    setRest(applyFieldErrors(t, form, new ApiError(err.status, err.code, err.detail, err.requestId, err.errors.map((e) => ({ ...e, path: rename(e.path) })), err.params)));
  };

  const submit = (v: Values, idempotencyKey: string) => {
    if (editing) {
      update.mutate({ id: link.id, body: updateLinkBody(v, link, { customerFacts }) }, { onSuccess: done, onError: failed });
      return;
    }
    // Decided from the submitted side, not the watched one (they agree; this cannot lag a render).
    const facts = statesCustomerFacts({ staff, enterpriseIds: session.enterpriseIds, side: v.side });
    declare.mutate({ idempotencyKey, body: declareLinkBody(v, { staff, customerFacts: facts }) }, { onSuccess: done, onError: failed });
  };

  const required = requiredRule(t);
  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      size={520}
      title={editing ? t('chain.links.editTitle', { supplier: link.supplier.name, customer: link.customer.name }) : t('chain.links.declareTitle')}
      form={form}
      onFinish={submit}
      error={mutation.error && (rest.length || !(mutation.error instanceof ApiError && mutation.error.code === 'validation_failed')) ? mutation.error : null}
      errorExtra={rest.map((e) => <div key={e.path + e.code}>{fieldMessage(t, e)}</div>)}
      submitting={mutation.isPending}
      submitLabel={editing ? t('common.save') : t('chain.links.declare')}
      submitTestId="link-save"
      formProps={{ 'data-testid': 'link-form' }}
    >
      {editing ? (
        <Typography.Paragraph>
          {t('chain.links.editIntro', { supplier: link.supplier.name, customer: link.customer.name, item: link.item.name })}
          {!staff ? <Typography.Text type="secondary" className="small"> {t('chain.links.reconfirmNote')}</Typography.Text> : null}
        </Typography.Paragraph>
      ) : staff ? (
        <>
          <Typography.Paragraph type="secondary" className="small">{t('chain.links.staffNote')}</Typography.Paragraph>
          <Form.Item name="supplierId" label={t('chain.fields.supplier')} rules={[required]}>
            <MemberSelect enabled={open && !editing} />
          </Form.Item>
          <Form.Item name="customerId" label={t('chain.fields.customer')} rules={[required]}>
            <MemberSelect enabled={open && !editing} />
          </Form.Item>
        </>
      ) : (
        <>
          <Form.Item name="side" label={t('chain.links.mySide')} rules={[required]}>
            <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: 'customer', label: t('chain.links.asCustomer') }, { value: 'supplier', label: t('chain.links.asSupplier') }]} />
          </Form.Item>
          <Form.Item name="ownId" label={side === 'supplier' ? t('chain.fields.supplier') : t('chain.fields.customer')} rules={[required]}>
            <Select options={ownOptions} disabled={ownOptions.length <= 1} />
          </Form.Item>
          <Form.Item name="otherId" label={side === 'supplier' ? t('chain.fields.customer') : t('chain.fields.supplier')} rules={[required]} extra={t('chain.links.counterpartyHelp')}>
            <MemberSelect enabled={open && !editing} exclude={session.enterpriseIds} notFoundContent={t('chain.links.noCounterparties')} />
          </Form.Item>
        </>
      )}
      {editing ? null : (
        <Form.Item name="itemId" label={t('chain.fields.item')} rules={[required]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={(items.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
            loading={items.isPending}
            placeholder={t('common.select')}
            popupRender={(menu) => (
              <>
                {menu}
                <Divider style={{ margin: '6px 0' }} />
                <NewItemInput />
              </>
            )}
          />
        </Form.Item>
      )}
      <Form.Item name="sharePct" label={t('chain.fields.share')} extra={t('chain.links.shareHelp')} rules={[required, zodRule(t, DeclareLinkBody.shape.sharePct)]}>
        <InputNumber min={0} max={100} step={5} suffix="%" style={{ width: 180 }} />
      </Form.Item>
      <Form.Item name="leadDays" label={t('chain.fields.lead')} rules={[required, zodRule(t, DeclareLinkBody.shape.leadDays)]}>
        <InputNumber min={1} max={365} precision={0} suffix={t('chain.controls.days')} style={{ width: 180 }} />
      </Form.Item>
      {customerFacts ? (
        <>
          <Form.Item name="essential" label={t('chain.fields.essential')} valuePropName="checked" extra={t('chain.links.essentialHelp')}>
            <Switch />
          </Form.Item>
          <Form.Item name="stockDays" label={t('chain.fields.stock')} extra={t('chain.links.stockHelp')} rules={[zodRule(t, DeclareLinkBody.shape.stockDays.unwrap(), { optional: true })]}>
            <InputNumber min={0} max={3650} suffix={t('chain.controls.days')} style={{ width: 180 }} />
          </Form.Item>
        </>
      ) : null}
    </FormDrawer>
  );
}

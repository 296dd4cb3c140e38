/**
 * What one may do with a problem now. The server says which transitions are legal for the
 * caller (`can.transitions`); the buttons for the others stay visible but disabled. Each action
 * that needs words (resolution, reason, rating) opens a small form; failures are translated.
 */
import {
  BranchesOutlined, CheckCircleOutlined, CheckOutlined, CloseCircleOutlined, PauseCircleOutlined, PlayCircleOutlined, RollbackOutlined, StarOutlined, SwapOutlined, TeamOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Radio, Rate, Select, Space, Tooltip } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { WORKING_GROUPS } from '../../lib/domain';
import { newIdempotencyKey } from '../../lib/api';
import { applyFieldErrors, errorMessage, requiredRule } from '../../lib/errors';
import { can, useSession } from '../../lib/session';
import { ErrorAlert } from '../../lib/ui';
import { EnterpriseSelect } from '../../lib/enterprise-select';
import { personOptions, useStaffDirectory } from '../../lib/directory';
import {
  PRIORITIES, TICKET_CATEGORIES, usePutHandlers, useRate, useSplit, useTransfer, useTransition, type Handler, type TicketFull, type TicketStatus,
} from './api';

type Dialog = null | 'resolve' | 'reopen' | 'withdraw' | 'confirm' | 'closeHandler' | 'pause' | 'resume' | 'rate' | 'transfer' | 'handlers' | 'split';

function Act({ allowed, onClick, icon, children, primary, danger, testId, loading }: {
  allowed: boolean; onClick: () => void; icon: ReactNode; children: ReactNode; primary?: boolean; danger?: boolean; testId: string; loading?: boolean;
}) {
  const { t } = useTranslation();
  const button = (
    <Button type={primary ? 'primary' : 'default'} danger={danger} icon={icon} disabled={!allowed} onClick={onClick} data-testid={testId} loading={loading}>
      {children}
    </Button>
  );
  return allowed ? button : <Tooltip title={t('tickets.actions.notNow')}>{button}</Tooltip>;
}

export function TicketActions({ ticket }: { ticket: TicketFull }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const transition = useTransition(ticket.id);
  const may = (to: TicketStatus) => ticket.can.transitions.includes(to);
  const move = (to: TicketStatus, done: string) =>
    transition.mutate(
      { to, version: ticket.version },
      { onSuccess: () => message.success(t(done)), onError: (err) => message.error(errorMessage(t, err)) },
    );
  const s = ticket.status;
  const open = s !== 'closed';
  const close = () => setDialog(null);

  return (
    <>
      <Space wrap className="ticket-actions" data-testid="ticket-actions">
        {ticket.can.handle ? (
          <>
            <Act allowed={may('accepted')} primary={s === 'submitted'} icon={<CheckOutlined />} onClick={() => move('accepted', 'tickets.actions.accepted')} testId="act-accept" loading={transition.isPending && transition.variables?.to === 'accepted'}>
              {t('tickets.actions.accept')}
            </Act>
            <Act allowed={may('in_progress') && s === 'accepted'} primary={s === 'accepted'} icon={<PlayCircleOutlined />} onClick={() => move('in_progress', 'tickets.actions.started')} testId="act-start" loading={transition.isPending && transition.variables?.to === 'in_progress'}>
              {t('tickets.actions.start')}
            </Act>
            <Act allowed={may('resolved')} primary={s === 'in_progress'} icon={<CheckCircleOutlined />} onClick={() => setDialog('resolve')} testId="act-resolve">
              {t('tickets.actions.resolve')}
            </Act>
            {s === 'pending' ? (
              <Act allowed={may('in_progress')} primary icon={<PlayCircleOutlined />} onClick={() => setDialog('resume')} testId="act-resume">{t('tickets.actions.resume')}</Act>
            ) : (
              <Act allowed={may('pending')} icon={<PauseCircleOutlined />} onClick={() => setDialog('pause')} testId="act-pause">{t('tickets.actions.pause')}</Act>
            )}
            <Act allowed={open} icon={<SwapOutlined />} onClick={() => setDialog('transfer')} testId="act-transfer">{t('tickets.actions.transfer')}</Act>
            <Act allowed={open} icon={<TeamOutlined />} onClick={() => setDialog('handlers')} testId="act-handlers">{t('tickets.actions.handlers')}</Act>
            <Act allowed={s === 'accepted' || s === 'in_progress'} icon={<BranchesOutlined />} onClick={() => setDialog('split')} testId="act-split">{t('tickets.actions.split')}</Act>
            {s === 'resolved' ? (
              <Act allowed={may('in_progress')} icon={<RollbackOutlined />} onClick={() => setDialog('reopen')} testId="act-reopen">{t('tickets.actions.reopen')}</Act>
            ) : null}
            {s === 'submitted' ? (
              <Act allowed={may('closed')} danger icon={<CloseCircleOutlined />} onClick={() => setDialog('withdraw')} testId="act-refuse">{t('tickets.actions.refuse')}</Act>
            ) : s === 'resolved' ? (
              <Act allowed={may('closed')} icon={<CloseCircleOutlined />} onClick={() => setDialog('closeHandler')} testId="act-close">{t('tickets.actions.close')}</Act>
            ) : null}
          </>
        ) : (
          <>
            {s === 'resolved' ? (
              <>
                <Act allowed={may('closed')} primary icon={<StarOutlined />} onClick={() => setDialog('confirm')} testId="act-confirm">{t('tickets.actions.confirm')}</Act>
                <Act allowed={may('in_progress')} icon={<RollbackOutlined />} onClick={() => setDialog('reopen')} testId="act-reopen">{t('tickets.actions.reopen')}</Act>
              </>
            ) : null}
            {s === 'pending' && may('in_progress') ? (
              <Act allowed primary icon={<PlayCircleOutlined />} onClick={() => setDialog('resume')} testId="act-resume">{t('tickets.actions.resume')}</Act>
            ) : null}
            {s === 'submitted' && may('closed') ? (
              <Act allowed danger icon={<CloseCircleOutlined />} onClick={() => setDialog('withdraw')} testId="act-withdraw">{t('tickets.actions.withdraw')}</Act>
            ) : null}
          </>
        )}
        {ticket.can.rate ? <Act allowed primary icon={<StarOutlined />} onClick={() => setDialog('rate')} testId="act-rate">{t('tickets.actions.rate')}</Act> : null}
      </Space>
      <NoteDialog ticket={ticket} dialog={dialog} onClose={close} />
      <RateDialog ticket={ticket} open={dialog === 'confirm' || dialog === 'rate'} viaClose={dialog === 'confirm'} onClose={close} />
      <TransferDialog ticket={ticket} open={dialog === 'transfer'} onClose={close} />
      <HandlersDialog ticket={ticket} open={dialog === 'handlers'} onClose={close} />
      <SplitDialog ticket={ticket} open={dialog === 'split'} onClose={close} />
    </>
  );
}

const NOTE_DIALOGS = {
  resolve: { to: 'resolved', title: 'tickets.actions.resolveTitle', label: 'tickets.actions.resolution', done: 'tickets.actions.resolved', required: true, help: null },
  reopen: { to: 'in_progress', title: 'tickets.actions.reopenTitle', label: 'tickets.actions.reopenReason', done: 'tickets.actions.reopened', required: true, help: null },
  withdraw: { to: 'closed', title: 'tickets.actions.withdrawTitle', label: 'tickets.actions.withdrawReason', done: 'tickets.actions.closed', required: true, help: null },
  closeHandler: { to: 'closed', title: 'tickets.actions.closeTitle', label: 'tickets.actions.closeNote', done: 'tickets.actions.closed', required: false, help: null },
  pause: { to: 'pending', title: 'tickets.actions.pauseTitle', label: 'tickets.actions.pauseNote', done: 'tickets.actions.paused', required: true, help: 'tickets.actions.pauseHelp' },
  resume: { to: 'in_progress', title: 'tickets.actions.resumeTitle', label: 'tickets.actions.resumeNote', done: 'tickets.actions.resumed', required: false, help: null },
} as const;

/** Resolve, reopen, refuse/withdraw and close: a transition with a note. */
function NoteDialog({ ticket, dialog, onClose }: { ticket: TicketFull; dialog: Dialog; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const transition = useTransition(ticket.id);
  const current = dialog && dialog in NOTE_DIALOGS ? NOTE_DIALOGS[dialog as keyof typeof NOTE_DIALOGS] : null;
  // Keep the last dialog's words while it animates closed (a dialog always has a name).
  const last = useRef<(typeof NOTE_DIALOGS)[keyof typeof NOTE_DIALOGS]>(NOTE_DIALOGS.resolve);
  if (current) last.current = current;
  const spec = current;
  const shown = last.current;
  useEffect(() => {
    if (spec) {
      form.resetFields();
      transition.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dialog]);
  const needed = shown.required;
  return (
    <Modal
      open={!!spec}
      title={t(shown.title)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('tickets.actions.ok')}
      confirmLoading={transition.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'note-ok' }}
    >
      <ErrorAlert error={transition.error} />
      {shown.help ? <Alert type="info" showIcon className="section" title={t(shown.help)} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          spec &&
          transition.mutate(
            { to: spec.to, version: ticket.version, note: v.note ?? '' },
            {
              onSuccess: () => {
                message.success(t(spec.done));
                onClose();
              },
              onError: (err) => applyFieldErrors(t, form, err),
            },
          )
        }
      >
        <Form.Item name="note" label={t(shown.label)} rules={needed ? [{ required: true, whitespace: true, message: t('fieldErrors.required') }] : []}>
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="note-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 好差评: confirm a resolved problem and rate it in one step, or rate a closed one. */
function RateDialog({ ticket, open, viaClose, onClose }: { ticket: TicketFull; open: boolean; viaClose: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ score: number; comment?: string }>();
  const transition = useTransition(ticket.id);
  const rate = useRate(ticket.id);
  const key = useRef(newIdempotencyKey());
  const mutation = viaClose ? transition : rate;
  useEffect(() => {
    if (open) {
      form.resetFields();
      transition.reset();
      rate.reset();
      key.current = newIdempotencyKey();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const done = () => {
    message.success(t('tickets.rating.thanks'));
    onClose();
  };
  return (
    <Modal
      open={open}
      title={t(viaClose ? 'tickets.actions.confirmTitle' : 'tickets.rating.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t(viaClose ? 'tickets.actions.confirmOk' : 'tickets.rating.submit')}
      confirmLoading={mutation.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'rate-ok' }}
    >
      <ErrorAlert error={mutation.error} />
      {viaClose ? <p>{t('tickets.actions.confirmIntro')}</p> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          const satisfaction = { score: v.score, comment: v.comment ?? '' };
          if (viaClose) transition.mutate({ to: 'closed', version: ticket.version, satisfaction }, { onSuccess: done, onError: (err) => applyFieldErrors(t, form, err) });
          else rate.mutate({ body: satisfaction, idempotencyKey: key.current }, { onSuccess: done, onError: (err) => applyFieldErrors(t, form, err) });
        }}
      >
        <Form.Item name="score" label={t('tickets.rating.score')} rules={[{ required: true, message: t('tickets.rating.required') }]}>
          <Rate aria-label={t('tickets.rating.score')} data-testid="rating-stars" />
        </Form.Item>
        <Form.Item name="comment" label={t('tickets.rating.comment')}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('tickets.rating.commentPlaceholder')} data-testid="rating-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TransferDialog({ ticket, open, onClose }: { ticket: TicketFull; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const [form] = Form.useForm<{ toGroup?: string | null; toUserId?: number | null; reason: string; visibility: 'public' | 'internal' }>();
  const transfer = useTransfer(ticket.id);
  const staff = useStaffDirectory(open && can(session, 'user.directory'));
  useEffect(() => {
    if (open) {
      form.resetFields();
      transfer.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  return (
    <Modal open={open} title={t('tickets.actions.transferTitle')} onCancel={onClose} onOk={() => form.submit()} okText={t('tickets.actions.transfer')} confirmLoading={transfer.isPending} destroyOnHidden okButtonProps={{ 'data-testid': 'transfer-ok' }}>
      <ErrorAlert error={transfer.error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ visibility: 'public' }}
        onFinish={(v) =>
          transfer.mutate(
            { toGroup: (v.toGroup as never) ?? null, toUserId: v.toUserId ?? null, reason: v.reason, visibility: v.visibility, version: ticket.version },
            {
              onSuccess: () => {
                message.success(t('tickets.actions.transferred'));
                onClose();
              },
              onError: (err) => applyFieldErrors(t, form, err),
            },
          )
        }
      >
        <Form.Item name="toGroup" label={t('tickets.actions.toGroup')} dependencies={['toUserId']} rules={[({ getFieldValue }) => ({ validator: async (_, v) => { if (!v && !getFieldValue('toUserId')) throw new Error(t('tickets.actions.groupOrPerson')); } })]}>
          <Select allowClear placeholder={t('common.select')} options={WORKING_GROUPS.filter((g) => g !== ticket.leadGroup || ticket.leadUser).map((g) => ({ value: g, label: t(`common.workingGroups.${g}`) }))} data-testid="transfer-group" />
        </Form.Item>
        {can(session, 'user.directory') ? (
          <Form.Item name="toUserId" label={t('tickets.actions.toPerson')} extra={t('tickets.actions.toPersonHelp')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} loading={staff.isFetching} placeholder={t('common.select')} options={personOptions(t, staff.data)} />
          </Form.Item>
        ) : null}
        <Form.Item name="reason" label={t('tickets.actions.transferReason')} rules={[{ required: true, whitespace: true, message: t('fieldErrors.required') }, { min: 2, message: t('fieldErrors.too_small_string', { minimum: 2 }) }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="transfer-reason" />
        </Form.Item>
        <Form.Item name="visibility" label={t('tickets.visibility.label')}>
          <Radio.Group options={[{ value: 'public', label: t('tickets.visibility.publicTransfer') }, { value: 'internal', label: t('tickets.visibility.internalTransfer') }]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const handlerKey = (h: Handler) => (h.kind === 'group' ? `g:${h.workingGroup}` : h.kind === 'enterprise' ? `e:${h.enterpriseId}` : `u:${h.userId}`);

function HandlersDialog({ ticket, open, onClose }: { ticket: TicketFull; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const put = usePutHandlers(ticket.id);
  const staff = useStaffDirectory(open && can(session, 'user.directory'));
  const [groups, setGroups] = useState<string[]>([]);
  const [users, setUsers] = useState<number[]>([]);
  const [enterprises, setEnterprises] = useState<number[]>([]);
  useEffect(() => {
    if (open) {
      put.reset();
      setGroups(ticket.handlers.flatMap((h) => (h.kind === 'group' && h.workingGroup ? [h.workingGroup] : [])));
      setUsers(ticket.handlers.flatMap((h) => (h.kind === 'user' && h.user ? [h.user.id] : [])));
      setEnterprises(ticket.handlers.flatMap((h) => (h.kind === 'enterprise' && h.enterprise ? [h.enterprise.id] : [])));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const userOptions = [
    ...personOptions(t, staff.data),
    ...ticket.handlers.flatMap((h) => (h.kind === 'user' && h.user && !staff.data?.some((u) => u.id === h.user!.id) ? [{ value: h.user.id, label: h.user.displayName }] : [])),
  ];
  const save = () => {
    const handlers: Handler[] = [
      ...groups.map((g) => ({ kind: 'group' as const, workingGroup: g as never })),
      ...enterprises.map((id) => ({ kind: 'enterprise' as const, enterpriseId: id })),
      ...users.map((id) => ({ kind: 'user' as const, userId: id })),
    ];
    put.mutate(
      { handlers: [...new Map(handlers.map((h) => [handlerKey(h), h])).values()], version: ticket.version },
      {
        onSuccess: () => {
          message.success(t('tickets.actions.handlersSaved'));
          onClose();
        },
      },
    );
  };
  return (
    <Modal open={open} title={t('tickets.actions.handlersTitle')} onCancel={onClose} onOk={save} okText={t('common.save')} confirmLoading={put.isPending} destroyOnHidden>
      <ErrorAlert error={put.error} />
      <Form layout="vertical">
        <Form.Item label={t('tickets.handlers.groups')}>
          <Select mode="multiple" value={groups} onChange={setGroups} aria-label={t('tickets.handlers.groups')} options={WORKING_GROUPS.filter((g) => g !== ticket.leadGroup).map((g) => ({ value: g, label: t(`common.workingGroups.${g}`) }))} />
        </Form.Item>
        {can(session, 'user.directory') ? (
          <Form.Item label={t('tickets.handlers.people')}>
            <Select mode="multiple" value={users} onChange={setUsers} aria-label={t('tickets.handlers.people')} showSearch={{ optionFilterProp: 'label' }} options={userOptions} loading={staff.isFetching} />
          </Form.Item>
        ) : null}
        {can(session, 'enterprise.list') ? (
          <Form.Item label={t('tickets.handlers.enterprises')} extra={t('tickets.handlers.enterprisesHelp')}>
            <EnterpriseSelect mode="multiple" known={ticket.handlers.flatMap((h) => (h.enterprise ? [h.enterprise] : []))} ariaLabel={t('tickets.handlers.enterprises')} value={enterprises} onChange={((v: number[]) => setEnterprises(v ?? [])) as never} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

interface SplitValues {
  children: { title: string; category: string; priority: string; leadGroup?: string | null; description?: string }[];
}

function SplitDialog({ ticket, open, onClose }: { ticket: TicketFull; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SplitValues>();
  const split = useSplit(ticket.id);
  const key = useRef(newIdempotencyKey());
  useEffect(() => {
    if (open) {
      form.resetFields();
      split.reset();
      key.current = newIdempotencyKey();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const required = requiredRule(t);
  return (
    <Modal open={open} width={760} title={t('tickets.actions.splitTitle')} onCancel={onClose} onOk={() => form.submit()} okText={t('tickets.actions.split')} confirmLoading={split.isPending} destroyOnHidden>
      <ErrorAlert error={split.error} />
      <p className="muted">{t('tickets.actions.splitIntro')}</p>
      <Form<SplitValues>
        form={form}
        layout="vertical"
        initialValues={{ children: [{ title: '', category: ticket.category, priority: ticket.priority }, { title: '', category: ticket.category, priority: ticket.priority }] }}
        onValuesChange={() => (key.current = newIdempotencyKey())}
        onFinish={(v) =>
          split.mutate(
            {
              body: { children: v.children.map((c) => ({ title: c.title, description: c.description ?? '', category: c.category as never, priority: c.priority as never, leadGroup: (c.leadGroup as never) ?? undefined })), version: ticket.version },
              idempotencyKey: key.current,
            },
            {
              onSuccess: () => {
                message.success(t('tickets.actions.splitDone'));
                onClose();
              },
              onError: (err) => applyFieldErrors(t, form, err),
            },
          )
        }
      >
        <Form.List name="children">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <div key={f.key} className="split-row">
                  <Form.Item name={[f.name, 'title']} label={t('tickets.actions.childTitle', { n: i + 1 })} rules={[required, { min: 2, message: t('fieldErrors.too_small_string', { minimum: 2 }) }]} className="split-title">
                    <Input maxLength={120} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'category']} label={t('tickets.fields.category')} rules={[required]}>
                    <Select options={TICKET_CATEGORIES.map((c) => ({ value: c, label: t(`tickets.category.${c}`) }))} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'priority']} label={t('tickets.fields.priority')}>
                    <Select options={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priority.${p}`) }))} style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'leadGroup']} label={t('tickets.fields.leadGroup')}>
                    <Select allowClear placeholder={t('tickets.actions.byRule')} options={WORKING_GROUPS.map((g) => ({ value: g, label: t(`common.workingGroups.${g}`) }))} style={{ width: 150 }} />
                  </Form.Item>
                  <Button type="text" danger disabled={fields.length <= 1} onClick={() => remove(f.name)} aria-label={t('tickets.actions.removeChild')} className="split-remove">
                    ×
                  </Button>
                </div>
              ))}
              <Button onClick={() => add({ title: '', category: ticket.category, priority: ticket.priority })} disabled={fields.length >= 10}>
                {t('tickets.actions.addChild')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

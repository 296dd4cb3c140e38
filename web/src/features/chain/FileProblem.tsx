/**
 * One action from the analysis to a problem: a forecast break (the problem goes to the root
 * firm of its cause path) or a help-priority row. The dialog shows the root firm's own reason
 * and offers its open problems to attach the analysis to instead of filing a new one.
 */
import { App, Button, Descriptions, Modal, Select, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { newIdempotencyKey } from '../../lib/api';
import { useFileProblem, useOpenProblemsOf, type Analysis } from './api';

export function FileProblemButton({ analysis, from, firmId, root }: { analysis: Analysis; from: 'break' | 'priority'; firmId: number; root: { id: number; name: string } }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [ticketId, setTicketId] = useState<number | undefined>(undefined);
  const [filed, setFiled] = useState<{ ticketId: number; attached: boolean } | null>(null);
  const key = useRef(newIdempotencyKey());
  const file = useFileProblem();
  const existing = useOpenProblemsOf(root.id);
  const firm = analysis.firms.find((f) => f.id === firmId);
  const reason = from === 'break' ? firm?.cause?.rootReason : null;
  if (!analysis.jobId) return null;
  const submit = () => {
    file.mutate(
      { body: { analysisId: analysis.jobId!, from, firmId, ...(ticketId ? { ticketId } : {}) }, idempotencyKey: key.current },
      {
        onSuccess: (r) => {
          key.current = newIdempotencyKey();
          setOpen(false);
          // Shown beside the action (not only as a passing toast), so the row keeps its link to the problem.
          setFiled({ ticketId: r.ticketId, attached: r.attached });
          message.success(r.attached ? t('chain.problem.attached') : t('chain.problem.filed'));
        },
        onError: () => message.error(t('chain.problem.failed')),
      },
    );
  };
  const items = existing.data?.items ?? [];
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="file-problem" aria-label={t('chain.problem.buttonFor', { name: root.name })}>
        {t('chain.problem.button')}
      </Button>
      {filed ? (
        <span data-testid="filed-problem" style={{ marginLeft: 8 }}>
          {filed.attached ? t('chain.problem.attached') : t('chain.problem.filed')} <Link to={`/problems/${filed.ticketId}`}>#{filed.ticketId}</Link>
        </span>
      ) : null}
      <Modal
        open={open}
        title={t('chain.problem.title', { name: root.name })}
        okText={ticketId ? t('chain.problem.attach') : t('chain.problem.file')}
        cancelText={t('common.cancel')}
        onOk={submit}
        confirmLoading={file.isPending}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{from === 'break' ? t('chain.problem.helpBreak', { firm: firm?.name ?? '' }) : t('chain.problem.helpPriority')}</Typography.Paragraph>
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('chain.problem.root')}>{root.name}</Descriptions.Item>
          {reason ? (
            <Descriptions.Item label={t('chain.problem.reason', { date: reason.date })}>
              {t(`common.stages.${reason.stage}`, { defaultValue: reason.stage })}
              {reason.blockers.map((b) => t('chain.problem.reasonSep') + (b.note ? t('chain.problem.blockerWithNote', { category: t(`common.blockers.${b.category}`, { defaultValue: b.category }), note: b.note }) : t(`common.blockers.${b.category}`, { defaultValue: b.category }))).join('')}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <div style={{ marginTop: 16 }}>
          <label htmlFor="file-problem-existing">{t('chain.problem.existing')}</label>
          <Select<number>
            id="file-problem-existing"
            style={{ width: '100%', marginTop: 4 }}
            allowClear
            placeholder={t('chain.problem.newOne')}
            value={ticketId}
            onChange={(v) => setTicketId(v)}
            loading={existing.isLoading}
            options={items.map((i) => ({ value: i.id, label: `#${i.id} ${i.title}` }))}
          />
        </div>
      </Modal>
    </>
  );
}

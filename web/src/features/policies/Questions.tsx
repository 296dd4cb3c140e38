/** Co-research (政策共研): the questions on a policy and the policy group's answers. */
import { App, Button, Checkbox, Form, Input, List, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey } from '../../lib/api';
import { applyFieldErrors, requiredRule } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { EmptyState, ErrorAlert, ErrorState } from '../../lib/ui';
import { useAnswerQuestion, useAskQuestion, useQuestions, type Question } from './api';

function AnswerForm({ q, onDone }: { q: Question; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ answer: string; publish: boolean }>();
  const answer = useAnswerQuestion();
  return (
    <Form form={form} layout="vertical" initialValues={{ answer: q.answer ?? '', publish: q.published || !q.answer }}
      onFinish={(v) => answer.mutate({ id: q.id, body: { answer: v.answer, publish: v.publish, version: q.version } }, { onSuccess: onDone, onError: (err) => applyFieldErrors(t, form, err) })}>
      <Form.Item name="answer" label={t('policies.questions.answerLabel')} rules={[requiredRule(t)]}><Input.TextArea rows={3} maxLength={5000} /></Form.Item>
      <Form.Item name="publish" valuePropName="checked"><Checkbox>{t('policies.questions.publish')}</Checkbox></Form.Item>
      {answer.error ? <ErrorAlert error={answer.error} /> : null}
      <Button type="primary" htmlType="submit" loading={answer.isPending}>{t('policies.questions.save')}</Button>
    </Form>
  );
}

export function QuestionThread({ policyId, canAsk, canAnswer }: { policyId: number; canAsk: boolean; canAnswer: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useQuestions(policyId);
  const ask = useAskQuestion(policyId);
  const [form] = Form.useForm<{ question: string }>();
  const [key, setKey] = useState(newIdempotencyKey);
  const [answering, setAnswering] = useState<number | null>(null);
  return (
    <div data-testid="policy-questions">
      {canAsk ? (
        <Form form={form} layout="vertical" onValuesChange={() => setKey(newIdempotencyKey())}
          onFinish={(v) => ask.mutate({ body: { question: v.question }, idempotencyKey: key }, {
            onSuccess: () => { void message.success(t('policies.questions.asked')); form.resetFields(); setKey(newIdempotencyKey()); },
            onError: (err) => applyFieldErrors(t, form, err),
          })}>
          <Form.Item name="question" label={t('policies.questions.askLabel')} rules={[requiredRule(t)]}><Input.TextArea rows={2} maxLength={2000} placeholder={t('policies.questions.askPlaceholder')} /></Form.Item>
          {ask.error ? <ErrorAlert error={ask.error} /> : null}
          <Button type="primary" htmlType="submit" loading={ask.isPending}>{t('policies.questions.ask')}</Button>
        </Form>
      ) : null}
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <List<Question>
          loading={list.isPending}
          dataSource={list.data ?? []}
          locale={{ emptyText: <EmptyState description={t('policies.questions.empty')} /> }}
          renderItem={(q) => (
            <List.Item>
              <div className="policy-question">
                <div>
                  <strong>{q.mine ? t('policies.questions.mine') : q.enterprise?.name ?? t('policies.questions.anonymous')}</strong>
                  <span className="muted small tag-gap">{formatDateTime(q.createdAt)}</span>
                  <Tag className="tag-gap" color={q.answer ? 'green' : 'gold'}>{t(q.answer ? 'policies.questions.answered' : 'policies.questions.waiting')}</Tag>
                  {q.answer ? <Tag>{t(q.published ? 'policies.questions.published' : 'policies.questions.private')}</Tag> : null}
                </div>
                <p>{q.question}</p>
                {q.answer ? <blockquote className="policy-answer">{q.answer}</blockquote> : null}
                {canAnswer ? (
                  answering === q.id ? <AnswerForm q={q} onDone={() => setAnswering(null)} /> : <Button size="small" onClick={() => setAnswering(q.id)}>{t('policies.questions.answer')}</Button>
                ) : null}
              </div>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}

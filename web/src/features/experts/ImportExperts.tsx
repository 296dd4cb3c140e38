/**
 * Importing experts (platform admin): download the template, drop a filled-in .xlsx/.csv, see
 * every row error (row, column, reason) from a dry run; the import itself is all rows or none,
 * and shows each new account's temporary password once.
 */
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type RowProblem } from '../../lib/api';
import { ErrorAlert } from '../../lib/ui';
import { downloadExpertTemplate, importExperts, useExpertAction, type ImportResult } from './api';

export function ImportExpertsCard() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [rowErrors, setRowErrors] = useState<RowProblem[]>([]);
  const [done, setDone] = useState<ImportResult | null>(null);
  const dry = useExpertAction((f: File) => importExperts(f, true));
  const run = useExpertAction((f: File) => importExperts(f, false));
  const template = useExpertAction(() => downloadExpertTemplate());
  const onFile = (f: File) => {
    setFile(f);
    setDone(null);
    setCheck(null);
    setRowErrors([]);
    dry.mutate(f, { onSuccess: (r) => { setCheck(r as ImportResult); setRowErrors((r as ImportResult).errors); } });
  };
  const confirm = () =>
    file && run.mutate(file, {
      onSuccess: (r) => { setDone(r as ImportResult); setCheck(null); setFile(null); },
      onError: (err) => { if (err instanceof ApiError && err.rowErrors.length) setRowErrors(err.rowErrors); },
    });
  const columnName = (p: string) => (t(`experts.importColumns.${p}`, { defaultValue: p }));
  return (
    <Card title={t('experts.import.title')} className="section" data-testid="import-experts">
      <Typography.Paragraph type="secondary">{t('experts.import.help')}</Typography.Paragraph>
      <Space wrap className="section">
        <Button icon={<DownloadOutlined />} onClick={() => template.mutate(undefined)} loading={template.isPending}>{t('experts.import.template')}</Button>
        <Button type="primary" disabled={!check || check.rows === 0 || rowErrors.length > 0} loading={run.isPending} onClick={confirm} data-testid="import-experts-confirm">
          {check && !rowErrors.length ? t('experts.import.confirmCount', { count: check.rows }) : t('experts.import.confirm')}
        </Button>
      </Space>
      {template.error || (dry.error && !(dry.error instanceof ApiError && dry.error.rowErrors.length)) ? <ErrorAlert error={template.error ?? dry.error} /> : null}
      <Upload.Dragger accept=".xlsx,.csv" maxCount={1} fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []} beforeUpload={(f) => { onFile(f); return false; }} onRemove={() => { setFile(null); setCheck(null); setRowErrors([]); }}>
        <p className="ant-upload-drag-icon"><InboxOutlined /></p>
        <p className="ant-upload-text">{t('experts.import.drop')}</p>
      </Upload.Dragger>
      {rowErrors.length ? (
        <div className="section">
          <Alert type="error" showIcon title={t('experts.import.hasErrors', { count: new Set(rowErrors.map((e) => e.row)).size })} />
          <Table<RowProblem>
            size="small"
            data-testid="import-experts-errors"
            rowKey={(r) => `${r.row}:${r.path}:${r.code}:${r.message ?? ''}`}
            dataSource={rowErrors}
            pagination={{ pageSize: 8, hideOnSinglePage: true, size: 'small' }}
            columns={[
              { title: t('experts.import.row'), dataIndex: 'row', width: 70 },
              { title: t('experts.import.column'), dataIndex: 'path', width: 140, render: (p: string) => columnName(p) },
              { title: t('experts.import.reason'), dataIndex: 'message' },
            ]}
          />
        </div>
      ) : check ? <Alert className="section" type="success" showIcon title={t('experts.import.allGood', { count: check.rows })} /> : null}
      {done ? (
        <div className="section" data-testid="import-experts-done">
          <Alert type="success" showIcon title={t('experts.import.done', { count: done.imported })} description={t('experts.import.passwordsOnce')} />
          <Table size="small" rowKey="userId" pagination={false} dataSource={done.accounts} columns={[
            { title: t('experts.import.username'), dataIndex: 'username' },
            { title: t('experts.import.password'), dataIndex: 'temporaryPassword', render: (p: string) => <Typography.Text code copyable>{p}</Typography.Text> },
          ]} />
        </div>
      ) : null}
    </Card>
  );
}

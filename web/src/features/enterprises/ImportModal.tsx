/**
 * Spreadsheet import in two steps: a dry run shows what would be imported and every row error;
 * the import itself is only possible when the dry run found none (the server is all-or-nothing).
 * Both steps show the server's progress (read, checked, saved rows), followed over its event
 * stream, which is opened before the file is sent.
 */
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Progress, Space, Statistic, Table, Tabs, Typography, Upload } from 'antd';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type RowProblem } from '../../lib/api';
import { errorMessage, fieldMessage } from '../../lib/errors';
import { i18n } from '../../lib/i18n';
import { formatInt } from '../../lib/format';
import { ErrorAlert } from '../../lib/ui';
import { useImportEnterprises, useImportProgress, useImportTemplate, type ImportProgress, type ImportResult } from './api';

function columnName(t: (k: string) => string, path: string): string {
  const key = `enterprises.importColumns.${path}`;
  return i18n.exists(key) ? t(key) : path;
}

/** How long a finished import waits for its stream's `done` before showing the result anyway. */
const DONE_WAIT_MS = 1_500;

/** The import's progress: its phase and rows, a bar once the total is known. */
function ImportProgressBar({ progress }: { progress: ImportProgress | null }) {
  const { t } = useTranslation();
  const labelId = useId();
  const phase = progress?.phase ?? 'uploading';
  const total = progress?.total ?? null;
  const pct = progress && total ? Math.min(100, Math.round((progress.done / total) * 100)) : 0;
  const counts = !progress ? '' : total === null ? t('enterprises.import.progress.read', { count: progress.done, n: formatInt(progress.done) }) : t('enterprises.import.progress.counts', { done: formatInt(progress.done), total: formatInt(total) });
  return (
    <div className="import-progress" role="status" aria-live="polite" data-testid="import-progress" data-phase={phase} style={{ marginTop: 16 }}>
      <Typography.Text id={labelId}>
        {t(`enterprises.import.progress.${phase}`)}
        {counts ? <Typography.Text type="secondary" style={{ marginLeft: 8 }} data-testid="import-progress-counts">{counts}</Typography.Text> : null}
      </Typography.Text>
      <Progress percent={pct} status={phase === 'done' ? 'success' : 'active'} aria-labelledby={labelId} />
    </div>
  );
}

export function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [rowErrors, setRowErrors] = useState<RowProblem[]>([]);
  const mutation = useImportEnterprises();
  const live = useImportProgress();
  /** The import's answer, shown once its progress says done. */
  const [finished, setFinished] = useState<ImportResult | null>(null);

  const reset = () => {
    setFile(null);
    setPreview(null);
    setRowErrors([]);
    setFinished(null);
    mutation.reset();
    live.stop();
  };
  const close = () => {
    reset();
    onClose();
  };

  const check = (f: File) =>
    mutation.mutate(
      { file: f, dryRun: true, follow: live.follow },
      {
        onSuccess: (r) => {
          setPreview(r);
          setRowErrors(r.errors);
        },
        onSettled: () => live.stop(),
      },
    );

  const confirm = () => {
    if (!file) return;
    mutation.mutate(
      { file, dryRun: false, follow: live.follow },
      {
        onSuccess: (r) => setFinished(r),
        onError: (err) => {
          live.stop();
          if (err instanceof ApiError && err.rowErrors.length) setRowErrors(err.rowErrors);
        },
      },
    );
  };

  // On done, the result as before: a message, and the dialog closes. The stream's `done` may
  // come just after the answer; without it (no stream) the answer stands after a short wait.
  const finishedDone = !!finished && (!live.following || live.progress?.phase === 'done');
  useEffect(() => {
    if (!finished) return;
    const finish = () => {
      message.success(t('enterprises.import.done', { count: finished.imported }));
      close();
    };
    if (finishedDone) return finish();
    const timer = setTimeout(finish, DONE_WAIT_MS);
    return () => clearTimeout(timer);
    // close() and message are stable in effect; re-running on them would finish twice.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [finished, finishedDone]);

  const template = useImportTemplate();
  const errorCount = rowErrors.length;
  const canImport = !!preview && preview.rows > 0 && errorCount === 0 && !mutation.isPending && !finished;

  return (
    <Modal
      open={open}
      onCancel={close}
      width={860}
      title={t('enterprises.import.title')}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button onClick={() => file && check(file)} disabled={!file} loading={mutation.isPending && mutation.variables?.dryRun}>
            {t('enterprises.import.check')}
          </Button>
          <Button type="primary" onClick={confirm} disabled={!canImport} loading={(mutation.isPending && !mutation.variables?.dryRun) || !!finished} data-testid="import-confirm">
            {preview && errorCount === 0 ? t('enterprises.import.confirmCount', { count: preview.rows }) : t('enterprises.import.confirm')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('enterprises.import.help')}</Typography.Paragraph>
      <Typography.Paragraph>
        <Button icon={<DownloadOutlined />} onClick={() => template.mutate()} loading={template.isPending} data-testid="import-template">
          {t('enterprises.import.template')}
        </Button>
        <Typography.Text type="secondary" className="small" style={{ marginLeft: 8 }}>{t('enterprises.import.templateHint')}</Typography.Text>
      </Typography.Paragraph>
      {template.error ? <ErrorAlert error={template.error} /> : null}
      <Upload.Dragger
        accept=".xlsx,.csv"
        maxCount={1}
        fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
        beforeUpload={(f) => {
          reset();
          setFile(f);
          check(f);
          return false;
        }}
        onRemove={() => reset()}
      >
        <p className="ant-upload-drag-icon"><InboxOutlined /></p>
        <p className="ant-upload-text">{t('enterprises.import.drop')}</p>
        <p className="ant-upload-hint">{t('enterprises.import.formats')}</p>
      </Upload.Dragger>

      {mutation.isPending || finished ? <ImportProgressBar progress={live.progress} /> : null}

      {mutation.error && !(mutation.error instanceof ApiError && mutation.error.rowErrors.length) ? (
        <div style={{ marginTop: 16 }}>
          <ErrorAlert
            error={mutation.error}
            extra={mutation.error instanceof ApiError ? mutation.error.errors.map((e) => <div key={e.path}>{fieldMessage(t, e)}</div>) : null}
          />
        </div>
      ) : null}

      {preview ? (
        <div className="import-result" data-testid="import-result">
          <Space size={32} wrap className="import-stats">
            <Statistic title={t('enterprises.import.rows')} value={preview.rows} />
            <Statistic title={t('enterprises.import.valid')} value={Math.max(0, preview.rows - new Set(rowErrors.map((e) => e.row)).size)} />
            <Statistic title={t('enterprises.import.errorRows')} value={new Set(rowErrors.map((e) => e.row)).size} styles={{ content: { color: errorCount ? '#b91c1c' : undefined } }} />
          </Space>
          {errorCount ? (
            <Alert type="error" showIcon title={mutation.error ? errorMessage(t, mutation.error) : t('enterprises.import.hasErrors', { count: new Set(rowErrors.map((e) => e.row)).size })} />
          ) : (
            <Alert type="success" showIcon title={t('enterprises.import.allGood', { count: preview.rows })} />
          )}
          <Tabs
            items={[
              ...(errorCount
                ? [{
                    key: 'errors',
                    label: t('enterprises.import.errorsTab', { count: errorCount }),
                    children: (
                      <Table<RowProblem>
                        size="small"
                        data-testid="import-errors"
                        rowKey={(r) => `${r.row}:${r.path}:${r.code}`}
                        dataSource={rowErrors}
                        pagination={{ pageSize: 8, hideOnSinglePage: true, size: 'small' }}
                        columns={[
                          { title: t('enterprises.import.row'), dataIndex: 'row', width: 80 },
                          { title: t('enterprises.import.column'), dataIndex: 'path', width: 180, render: (p: string) => columnName(t, p) },
                          { title: t('enterprises.import.problem'), key: 'message', render: (_, r) => fieldMessage(t, { path: r.path, code: r.code, message: r.message }) },
                        ]}
                      />
                    ),
                  }]
                : []),
              {
                key: 'preview',
                label: t('enterprises.import.previewTab', { count: preview.preview.length }),
                children: (
                  <Table
                    size="small"
                    rowKey="row"
                    dataSource={preview.preview}
                    pagination={{ pageSize: 8, hideOnSinglePage: true, size: 'small' }}
                    columns={[
                      { title: t('enterprises.import.row'), dataIndex: 'row', width: 80 },
                      { title: t('enterprises.fields.name'), dataIndex: 'name' },
                      { title: t('enterprises.fields.creditCode'), dataIndex: 'creditCode', className: 'mono' },
                    ]}
                  />
                ),
              },
            ]}
          />
        </div>
      ) : null}
    </Modal>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { request, SignInRequired, subscribe } from '../api';
import { Notice, TableWrap } from '../components/ui';
import { formatCount, formatDate, formatDuration } from '../format';
import { AdminSyncRunsDocument as SyncRunsQuery, AdminSyncRunProgressDocument as Progress, AdminRunFullSyncDocument as StartFull, AdminRunIncrementalSyncDocument as StartIncremental, AdminPushPendingDocument as StartPush, AdminCancelSyncRunDocument as Cancel, type AdminSyncRunFragment } from '../generated/graphql';
import { useAction, useCan, useQuery, useSession } from '../hooks';

type Run = AdminSyncRunFragment;
const isGoing = (run: Run) => run.status === 'QUEUED' || run.status === 'RUNNING';

/** The counts worth showing for a run, by its kind. */
function countsOf(run: Run): Array<[string, number]> {
  const counts: Array<[string, number]> =
    run.kind === 'PUSH'
      ? [
          ['pushed', run.pushed],
          ['conflicts', run.conflicts],
          ['skipped', run.skipped],
        ]
      : [
          ['fetched', run.fetched],
          ['created', run.created],
          ['updated', run.updated],
          ['unchanged', run.unchanged],
          ['conflicts', run.conflicts],
          ['marked gone', run.markedGone],
          ['revived', run.revived],
        ];
  return [...counts, ['failed', run.failed]];
}

function LiveRun({ run, onCancel, canCancel }: { run: Run; onCancel(): void; canCancel: boolean }) {
  const percent = run.progress === null || run.progress === undefined ? null : Math.round(run.progress * 100);
  return (
    <section class="live-run" aria-labelledby="live-heading">
      <h2 id="live-heading">
        {run.kind.toLowerCase()} sync: <span class={`status status-${run.status.toLowerCase()}`}>{run.status.toLowerCase()}</span>
      </h2>
      <label for="sync-progress">
        {run.pagesTotal === null || run.pagesTotal === undefined ? 'Starting…' : `Page ${run.pagesDone} of ${run.pagesTotal}`}
        {percent !== null && ` (${percent}%)`}
      </label>
      <progress id="sync-progress" max={1} value={run.progress ?? undefined} />
      <p class="counts" aria-live="polite">
        {countsOf(run)
          .map(([label, count]) => `${formatCount(count)} ${label}`)
          .join(' · ')}
      </p>
      {run.error && <Notice kind="error">{run.error}</Notice>}
      {canCancel && isGoing(run) && (
        <button type="button" onClick={onCancel}>
          Cancel the run
        </button>
      )}
    </section>
  );
}

export function SyncsScreen() {
  const canAdmin = useCan('ADMIN');
  const { refreshCounts, signInRequired } = useSession();
  const history = useQuery(SyncRunsQuery, {});
  const [live, setLive] = useState<Run | null>(null);
  const { busy, error, act } = useAction();
  const following = useRef<string | null>(null);

  // A run already going when the screen opens is followed too.
  useEffect(() => {
    const going = history.data?.syncRuns.edges.map((edge) => edge.node).find(isGoing);
    if (going && !live) setLive(going);
  }, [history.data]);

  useEffect(() => {
    if (!live || !isGoing(live) || following.current === live.id) return;
    following.current = live.id;
    const abort = new AbortController();
    subscribe(Progress, { id: live.id }, ({ syncRunProgress }) => setLive(syncRunProgress), abort.signal)
      .catch((failure: unknown) => {
        if (failure instanceof SignInRequired) signInRequired();
        else if (!abort.signal.aborted) setLive((run) => run && { ...run, error: failure instanceof Error ? failure.message : String(failure) });
      })
      .finally(() => {
        following.current = null;
        if (abort.signal.aborted) return;
        history.reload();
        refreshCounts();
      });
    return () => abort.abort();
  }, [live?.id]);

  const start = (kind: 'full' | 'incremental' | 'push') =>
    act(async () => {
      const result =
        kind === 'full'
          ? (await request(StartFull)).runFullSync
          : kind === 'incremental'
            ? (await request(StartIncremental)).runIncrementalSync
            : (await request(StartPush)).pushPendingCustomers;
      if (result.__typename !== 'SyncRunStart') throw new Error('message' in result ? result.message : 'Not started');
      setLive(result.run);
    });
  const cancel = () =>
    act(async () => {
      if (!live) return;
      const { cancelSyncRun } = await request(Cancel, { input: { id: live.id } });
      if ('message' in cancelSyncRun) throw new Error(cancelSyncRun.message);
    });

  const runs = history.data?.syncRuns.edges.map((edge) => edge.node) ?? [];
  return (
    <section>
      <h1 tabIndex={-1}>Syncs</h1>
      {canAdmin && (
        <div class="toolbar">
          <button type="button" class="primary" disabled={busy} onClick={() => start('full')}>
            Run full sync
          </button>
          <button type="button" disabled={busy} onClick={() => start('incremental')}>
            Run incremental sync
          </button>
          <button type="button" disabled={busy} onClick={() => start('push')}>
            Push pending changes
          </button>
        </div>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      {live && <LiveRun run={live} canCancel={canAdmin} onCancel={cancel} />}
      <h2>History</h2>
      {history.error && <Notice kind="error">{history.error}</Notice>}
      {runs.length === 0 ? (
        <p>No runs yet.</p>
      ) : (
        <TableWrap label="Sync runs">
          <table>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">Trigger</th>
                <th scope="col">Took</th>
                <th scope="col">Counts</th>
                <th scope="col">Errors</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id}>
                  <td>{formatDate(run.startedAt ?? run.createdAt)}</td>
                  <td>
                    {run.kind.toLowerCase()}
                    {run.dryRun ? ' (dry run)' : ''}
                  </td>
                  <td>
                    <span class={`status status-${run.status.toLowerCase()}`}>{run.status.toLowerCase()}</span>
                  </td>
                  <td>{run.trigger.toLowerCase()}</td>
                  <td>{formatDuration(run.durationMs)}</td>
                  <td>
                    {countsOf(run)
                      .filter(([, count]) => count > 0)
                      .map(([label, count]) => `${formatCount(count)} ${label}`)
                      .join(', ') || '—'}
                  </td>
                  <td>
                    {run.error}
                    {run.failures.length > 0 && (
                      <ul>
                        {run.failures.slice(0, 5).map((failure, index) => (
                          <li key={index}>
                            {failure.robawsClientId ? `client ${failure.robawsClientId}: ` : ''}
                            {failure.reason}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

export default {
  title: 'Briefings',
  subtitle: 'Resumption, chain-break forecasts, problems, experts, shared workers and group purchases in one report, as PDF or Excel; made on a schedule and posted to the group-chat robots',
  scope: { label: 'Scope', alliance: 'This alliance', city: 'City' },
  period: { label: 'Type', daily: 'Daily', weekly: 'Weekly' },
  date: { daily: 'Date', weekly: 'Up to (and the 6 days before)' },
  download: { title: 'Make a briefing', pdf: 'Download PDF', xlsx: 'Download Excel' },
  scheduled: {
    title: 'Scheduled briefings',
    help: 'A daily briefing is made every day at the set time, and last week\'s on Mondays; robots subscribed to "scheduled briefing ready" get a message.',
    empty: 'No scheduled briefings yet',
    span: 'Period',
    createdAt: 'Made',
    files: 'Files',
  },
};

import type { Messages } from '../types';
import type zh from '../zh-CN/calendar';

const calendar: Messages<typeof zh> = {
  title: 'Working-day calendar',
  subtitle: 'Public holidays and adjusted working days; problem deadlines count working days by it',
  year: 'Year',
  yearOption: '{{year}}',
  addDay: 'Add a day',
  editDay: 'Change a day',
  editDayOf: 'Change {{date}}',
  clearDayOf: 'Make {{date}} an ordinary day',
  clearConfirm: 'Make {{date}} an ordinary day again (Monday to Friday are working days)?',
  cleared: 'Back to an ordinary day',
  saved: 'Calendar saved',
  summary: '{{holidays}} days off, {{workdays}} adjusted working days',
  empty: 'No holidays or adjusted working days this year',
  notCovered: 'There is no official holiday schedule for {{year}} yet, so only Monday to Friday count. Enter it here once the State Council publishes it.',
  date: 'Date',
  kind: 'Type',
  name: 'Name',
  nameZh: 'Holiday name (Chinese)',
  nameEn: 'Holiday name (English)',
  nameHelp: 'e.g. Spring Festival, National Day (in Chinese)',
  workdayHelp: 'An adjusted working day must be a Saturday or Sunday.',
  kinds: { holiday: 'Holiday', adjustedWorkday: 'Adjusted working day', workday: 'Working day', weekend: 'Weekend' },
};
export default calendar;

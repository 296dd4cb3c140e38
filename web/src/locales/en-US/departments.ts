import type { Messages } from '../types';
import type zh from '../zh-CN/departments';

const departments: Messages<typeof zh> = {
  title: 'Departments',
  subtitle: "The city's government departments: whom people work for, and later the issuers of policies and the city level of escalation",
  add: 'Add department',
  edit: 'Edit department',
  delete: 'Delete department',
  deleteConfirm: 'Delete “{{name}}”? A department people still belong to cannot be deleted.',
  deleted: 'Deleted',
  saved: 'Saved',
  empty: 'No departments yet',
  namePlaceholder: 'e.g. Human Resources and Social Security Bureau (in Chinese)',
  codeHelp: 'A short code: lower-case letters, digits and underscores, e.g. hrss',
  sortHelp: 'Lower numbers come first',
  none: 'None',
  fields: {
    name: 'Name',
    nameEn: 'English name',
    code: 'Code',
    sortOrder: 'Order',
    members: 'People',
  },
};
export default departments;

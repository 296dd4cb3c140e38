import type { Catalog } from '../zh-CN';
import type { Messages } from '../types';
import alliance from './alliance';
import audit from './audit';
import auth from './auth';
import caseload from './caseload';
import common from './common';
import enterprises from './enterprises';
import { errors, fieldErrors } from './errors';
import { layout, nav } from './layout';
import overview from './overview';
import reports from './reports';
import users from './users';

const enUS: Messages<Catalog> = { common, nav, layout, auth, overview, enterprises, reports, caseload, users, audit, alliance, errors, fieldErrors };
export default enUS;

import alliance from './alliance';
import audit from './audit';
import auth from './auth';
import caseload from './caseload';
import chain from './chain';
import common from './common';
import enterprises from './enterprises';
import memberships from './memberships';
import overview from './overview';
import reports from './reports';
import users from './users';
import calendar from './calendar';
import meetings from './meetings';
import notifications from './notifications';
import experts from './experts';
import risks from './risks';
import tickets from './tickets';
import departments from './departments';
import city from './city';
import purchasing from './purchasing';
import market from './market';
import policies from './policies';
import prevention from './prevention';
import briefings from './briefings';
import workforce from './workforce';
import { errors, fieldErrors } from './errors';
import { layout, nav } from './layout';

/** Simplified Chinese, the reference key set: every other locale has exactly these keys. */
const zhCN = { common, nav, layout, auth, overview, enterprises, memberships, reports, caseload, chain, users, audit, alliance, tickets, meetings, risks, notifications, calendar, departments, experts, city, purchasing, market, policies, prevention, briefings, workforce, errors, fieldErrors };

export default zhCN;
export type Catalog = typeof zhCN;

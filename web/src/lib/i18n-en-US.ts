/** What English needs besides our strings (locales/index.ts): Ant Design's locale (dayjs speaks English built in). */
import antd from 'antd/es/locale/en_US';

export const pack = { antd };

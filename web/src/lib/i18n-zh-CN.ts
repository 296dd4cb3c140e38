/** What Simplified Chinese needs besides our strings (locales/index.ts): Ant Design's and dayjs' locale. */
import antd from 'antd/es/locale/zh_CN';
import 'dayjs/locale/zh-cn';

export const pack = { antd };

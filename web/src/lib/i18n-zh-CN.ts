/** Everything Simplified Chinese needs, one chunk: our strings, Ant Design's and dayjs' locale. */
import antd from 'antd/es/locale/zh_CN';
import 'dayjs/locale/zh-cn';
import messages from '../locales/zh-CN';

export const pack = { messages, antd };

/** Everything English needs, one chunk: our strings and Ant Design's locale (dayjs speaks English built in). */
import antd from 'antd/es/locale/en_US';
import messages from '../locales/en-US';

export const pack = { messages, antd };

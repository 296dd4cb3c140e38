/** The side menu's column on a wider screen (loaded only there; a phone uses the drawer). */
import Sider from 'antd/es/layout/Sider';
import type { ReactNode } from 'react';

export default function DesktopSider({ collapsed, children }: { collapsed: boolean; children: ReactNode }) {
  return (
    <Sider className="app-sider no-print" width={232} collapsedWidth={72} collapsed={collapsed} trigger={null}>
      {children}
    </Sider>
  );
}

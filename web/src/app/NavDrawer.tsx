/** The phone's navigation drawer (loaded when first opened). */
import { Drawer } from 'antd';
import type { ReactNode } from 'react';

export default function NavDrawer({ open, onClose, label, children }: { open: boolean; onClose: () => void; label: string; children: ReactNode }) {
  return (
    <Drawer
      placement="left"
      open={open}
      onClose={onClose}
      size={260}
      closable={false}
      className="nav-drawer no-print"
      styles={{ body: { padding: 0, background: '#0f1f3d' } }}
      title={null}
      aria-label={label}
    >
      {children}
    </Drawer>
  );
}

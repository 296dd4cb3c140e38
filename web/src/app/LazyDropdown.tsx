/**
 * A click drop-down menu whose code (Dropdown, and the Menu inside it) loads on the first click:
 * the header's language and account menus cost a phone nothing until used.
 */
import type { MenuProps } from 'antd';
import { Suspense, cloneElement, lazy, useState, type ReactElement } from 'react';

const Dropdown = lazy(() => import('antd/es/dropdown'));

export function LazyDropdown({ menu, children }: { menu: MenuProps; children: ReactElement<{ onClick?: () => void }> }) {
  const [armed, setArmed] = useState(false);
  const [open, setOpen] = useState(false);
  if (!armed) {
    return cloneElement(children, {
      onClick: () => {
        setArmed(true);
        setOpen(true);
      },
    });
  }
  return (
    <Suspense fallback={children}>
      <Dropdown
        trigger={['click']}
        open={open}
        onOpenChange={setOpen}
        menu={{
          ...menu,
          onClick: (info) => {
            setOpen(false);
            menu.onClick?.(info);
          },
        }}
      >
        {children}
      </Dropdown>
    </Suspense>
  );
}

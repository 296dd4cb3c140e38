/** The side menu (in the sider, or the phone's drawer): the entries of ./nav the person may see. */
import { Menu, type MenuProps } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useSession } from '../lib/session';
import { navItems, selectedKey, type NavItem } from './nav';

export default function NavMenu({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const items = useMemo(() => navItems(session), [session]);
  const selected = selectedKey(items, location.pathname);
  const menuItems = useMemo(() => {
    const entry = (i: NavItem) => ({ key: i.key, icon: i.icon, label: <Link to={i.path}>{t(i.label)}</Link> });
    const out: NonNullable<MenuProps['items']> = [];
    const seen = new Set<string>();
    for (const i of items) {
      const members = i.group ? items.filter((x) => x.group?.key === i.group!.key) : [];
      if (!i.group || members.length < 2) out.push(entry(i));
      else if (!seen.has(i.group.key)) {
        seen.add(i.group.key);
        out.push({ key: i.group.key, icon: i.group.icon, label: t(i.group.label), children: members.map(entry) });
      }
    }
    return out;
  }, [items, t]);
  const selectedGroup = items.find((i) => i.key === selected)?.group?.key;
  const [openKeys, setOpenKeys] = useState<string[]>(selectedGroup ? [selectedGroup] : []);
  useEffect(() => {
    if (selectedGroup) setOpenKeys((keys) => (keys.includes(selectedGroup) ? keys : [...keys, selectedGroup]));
  }, [selectedGroup]);
  return (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[selected ?? '']}
      openKeys={openKeys}
      onOpenChange={setOpenKeys}
      items={menuItems}
      onClick={onNavigate}
    />
  );
}

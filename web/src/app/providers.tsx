/** Query cache, Ant Design theme and locale — all following the one language switch. */
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api';
import { antdLocale } from '../lib/i18n';
import { sessionKey } from '../lib/session';
import { FONT_FAMILY, PRIMARY } from '../lib/theme';

function makeClient(): QueryClient {
  // A 401 anywhere means the session ended (expired, password changed elsewhere): show the login page.
  const onError = (err: unknown) => {
    if (err instanceof ApiError && err.status === 401 && err.code === 'unauthenticated') client.setQueryData(sessionKey, null);
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, err) => !(err instanceof ApiError && err.status > 0 && err.status < 500) && count < 2,
      },
    },
  });
  return client;
}


export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(makeClient);
  // Re-renders when the language changes; its Ant Design strings were loaded with it.
  useTranslation();
  const locale = antdLocale();
  return (
    <QueryClientProvider client={client}>
      <ConfigProvider
        locale={locale}
        theme={{
          algorithm: theme.defaultAlgorithm,
          token: {
            colorPrimary: PRIMARY,
            colorInfo: PRIMARY,
            colorSuccess: '#15803d',
            colorWarning: '#b45309',
            colorError: '#b91c1c',
            colorTextSecondary: 'rgba(0, 0, 0, 0.62)',
            colorTextTertiary: 'rgba(0, 0, 0, 0.56)',
            colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
            colorTextDescription: 'rgba(0, 0, 0, 0.6)',
            colorBgLayout: '#f3f5f8',
            borderRadius: 8,
            fontFamily: FONT_FAMILY,
            fontSize: 14,
          },
          components: {
            Layout: { headerBg: '#ffffff', siderBg: '#0f1f3d', headerHeight: 64, headerPadding: '0 20px' },
            Menu: { darkItemBg: '#0f1f3d', darkSubMenuItemBg: '#0b1830', darkItemSelectedBg: '#1d4ed8', darkItemColor: 'rgba(255,255,255,0.82)' },
            Card: { headerFontSize: 15 },
            Table: { headerBg: '#f7f8fa' },
          },
        }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}

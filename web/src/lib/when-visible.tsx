/**
 * Below-the-fold content that downloads when it is about to scroll into view: `children` (usually
 * a React.lazy component) render once the placeholder comes within `margin` of the viewport, or
 * at once where IntersectionObserver is missing, or when `force` is set (printing the page).
 * Until then a skeleton of the same kind as the page's loading state holds the place.
 */
import { Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { PageLoading } from './ui';

export function WhenVisible({ children, rows = 3, margin = '200px', force = false }: { children: ReactNode; rows?: number; margin?: string; force?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const [seen, setSeen] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    if (seen || !ref.current) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setSeen(true);
    }, { rootMargin: margin });
    io.observe(ref.current);
    return () => io.disconnect();
  }, [seen, margin]);
  if (!seen && !force) {
    return (
      <div ref={ref} aria-busy="true">
        <PageLoading rows={rows} />
      </div>
    );
  }
  return <Suspense fallback={<PageLoading rows={rows} />}>{children}</Suspense>;
}

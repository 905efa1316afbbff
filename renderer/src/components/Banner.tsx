import type { ReactNode } from 'react';

interface BannerProps {
  tone: 'ok' | 'warn' | 'bad' | 'info';
  title: string;
  children?: ReactNode;
  /** Errors and holds interrupt (role=alert); the rest is polite (role=status). */
  urgent?: boolean;
}

export function Banner({ tone, title, children, urgent }: BannerProps) {
  return (
    <div className={`banner banner-${tone}`} role={urgent ? 'alert' : 'status'}>
      <strong className="banner-title">{title}</strong>
      {children && <div className="banner-body">{children}</div>}
    </div>
  );
}

/** How loud a message is, and how it looks: shared by spend warnings, security notes and spend alerts. */
export type Severity = 'critical' | 'warning' | 'info';

export const SEVERITY_STYLE: Readonly<Record<Severity, { color: string; emoji: string; label: string }>> = {
  critical: { color: '#D13212', emoji: ':rotating_light:', label: 'Critical' },
  warning: { color: '#E8A317', emoji: ':warning:', label: 'Warning' },
  info: { color: '#4A90D9', emoji: ':information_source:', label: 'Info' },
};

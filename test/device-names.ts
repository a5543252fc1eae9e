/** Device names staff really type, and one no form would stop: every path a name travels is tested with each. */
export const DEVICE_NAMES: [kind: string, name: string][] = [
  ['Chinese', '厨房平板'],
  ['emoji', 'Kitchen 🍜🔔'],
  ['right-to-left', 'מטבח ראשי'],
  ['over 256 characters', '收银台'.repeat(100)],
];

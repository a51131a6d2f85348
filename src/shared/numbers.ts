/** Numbers as users read them: 13975886 -> "13,975,886" (thousands separators, whatever the locale). */
export const grouped = (n: number): string => n.toLocaleString('en-US');

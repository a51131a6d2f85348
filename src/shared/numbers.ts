/** Numbers as users read them: 13975886 -> "13,975,886" (thousands separators, whatever the locale). */
export const grouped = (n: number): string => n.toLocaleString('en-US');

/** A count with its noun: "1 thread", "2,000 nodes". */
export const counted = (n: number, noun: string): string => `${grouped(n)} ${noun}${n === 1 ? '' : 's'}`;

/** One extracted field: its value (null when not found), how sure we are, and why not more. */
export interface FieldReading<T> {
  value: T | null;
  confidence: number;
  warning?: string;
}

export const notFound = <T>(warning: string): FieldReading<T> => ({ value: null, confidence: 0, warning });

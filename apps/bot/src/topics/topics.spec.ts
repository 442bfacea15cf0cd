import { analyzeMessage } from '../analysis/analyze-message';
import { topicsSchema } from './topics';

describe('a tenant’s topics', () => {
  const legal = { name: 'legal', keywords: ['lawyer', 'sue', '起诉'] };

  it('accepts names with keywords and refuses a name twice (any case), no keywords, or unknown fields', () => {
    expect(topicsSchema.safeParse({ topics: [legal] }).success).toBe(true);
    expect(topicsSchema.safeParse({ topics: [] }).success).toBe(true);
    expect(topicsSchema.safeParse({ topics: [legal, { ...legal, name: 'LEGAL' }] }).success).toBe(
      false,
    );
    expect(topicsSchema.safeParse({ topics: [{ name: 'x', keywords: [] }] }).success).toBe(false);
    expect(topicsSchema.safeParse({ topics: [legal], extra: 1 }).success).toBe(false);
  });

  it('are what the analysis reports as the intent', () => {
    const { topics } = topicsSchema.parse({ topics: [legal] });
    expect(analyzeMessage('My lawyer says I should sue', { topics }).intent).toBe('legal');
    expect(analyzeMessage('我要起诉', { topics }).intent).toBe('legal');
    expect(analyzeMessage('Where is my parcel?', { topics }).intent).toBeNull();
  });
});

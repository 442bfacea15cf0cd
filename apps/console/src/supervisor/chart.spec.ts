import {
  bands,
  daysBetween,
  fixedTicks,
  isolatedPoints,
  labelIndexes,
  linearScale,
  linePath,
  niceStep,
  niceTicks,
  timeTicks,
} from './chart';

describe('chart geometry', () => {
  it('maps a domain onto a range, inverted for the y axis', () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(25)).toBe(150);
    expect(y(100)).toBe(0);
    expect(linearScale([5, 5], [0, 10])(5)).toBe(5);
  });

  it.each([
    [10, 4, 5],
    [1, 4, 0.5],
    [0.7, 4, 0.2],
    [340, 4, 100],
    [0, 4, 1],
  ])('steps a span of %p in about %p parts by %p', (span, count, step) => {
    expect(niceStep(span, count)).toBe(step);
  });

  it('makes round ticks covering the data', () => {
    expect(niceTicks(3, 97)).toEqual({ ticks: [0, 20, 40, 60, 80, 100], domain: [0, 100] });
    expect(niceTicks(12.5, 48)).toEqual({ ticks: [10, 20, 30, 40, 50], domain: [10, 50] });
    expect(niceTicks(0, 0)).toEqual({ ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], domain: [0, 1] });
    expect(niceTicks(30, 30).domain).toEqual([0, 30]);
  });

  it('keeps a fixed domain for rates and scores', () => {
    expect(fixedTicks([0, 1])).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(fixedTicks([1, 5])).toEqual([1, 2, 3, 4, 5]);
    expect(fixedTicks([-100, 100])).toEqual([-100, -50, 0, 50, 100]);
  });

  it('draws a line that breaks where a day has no data', () => {
    expect(
      linePath([
        { x: 0, y: 10 },
        { x: 10, y: 20.04 },
        { x: 20, y: null },
        { x: 30, y: 5 },
        { x: 40, y: 6 },
      ]),
    ).toBe('M0,10L10,20M30,5L40,6');
    expect(linePath([{ x: 0, y: null }])).toBe('');
  });

  it('finds points a line cannot show', () => {
    const points = [
      { x: 0, y: 1 },
      { x: 1, y: null },
      { x: 2, y: 3 },
      { x: 3, y: 4 },
    ];
    expect(isolatedPoints(points)).toEqual([{ x: 0, y: 1 }]);
  });

  it('spaces bars evenly with padding', () => {
    expect(bands(2, [0, 100], 0.2)).toEqual([
      { start: 5, width: 40, center: 25 },
      { start: 55, width: 40, center: 75 },
    ]);
    expect(bands(0, [0, 100])).toEqual([]);
  });

  it('lists the UTC days of a period, across a month end', () => {
    expect(daysBetween('2026-11-29', '2026-12-02')).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
    expect(daysBetween('2026-12-02', '2026-12-01')).toEqual([]);
  });

  it('labels a few days of a long axis, the first and last always', () => {
    expect(labelIndexes(3, 6)).toEqual([0, 1, 2]);
    expect(labelIndexes(30, 6)).toEqual([0, 6, 12, 18, 24, 29]);
    expect(labelIndexes(7, 4)).toEqual([0, 2, 4, 6]);
  });
});

describe('a duration axis', () => {
  it.each([
    [3.1, [0, 1, 2, 3, 4]],
    [45, [0, 10, 20, 30, 40, 50]],
    [909, [0, 300, 600, 900, 1200]],
    [5000, [0, 1800, 3600, 5400]],
    [0, [0, 15, 30, 45, 60]],
  ])('puts %p s on round clock steps %j', (max, ticks) => {
    expect(timeTicks(max).ticks).toEqual(ticks);
    expect(timeTicks(max).domain).toEqual([0, ticks[ticks.length - 1]]);
  });
});

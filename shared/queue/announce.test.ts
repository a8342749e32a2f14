import { describe, expect, it } from 'vitest';
import { allClips, announcementFor, clipName, vietnameseNumberWords } from './announce';

describe('vietnameseNumberWords', () => {
  it.each([
    [0, 'không'],
    [5, 'năm'],
    [10, 'mười'],
    [15, 'mười lăm'],
    [21, 'hai mươi mốt'],
    [24, 'hai mươi tư'],
    [14, 'mười bốn'],
    [105, 'một trăm linh năm'],
    [110, 'một trăm mười'],
    [999, 'chín trăm chín mươi chín'],
    [1000, 'một nghìn'],
    [1023, 'một nghìn không trăm hai mươi ba'],
    [2005, 'hai nghìn không trăm linh năm'],
    [12345, 'mười hai nghìn ba trăm bốn mươi lăm'],
  ])('%d → %s', (n, words) => {
    expect(vietnameseNumberWords(n).join(' ')).toBe(words);
  });
});

describe('announcementFor', () => {
  it('spells the prefix, reads the number and the counter', () => {
    const a = announcementFor('A007', 5);
    expect(a.text).toBe('Mời công dân có số thứ tự A007 đến quầy số 5');
    expect(a.clips).toEqual(['p-moi-cong-dan', 'l-a', 'w-bay', 'p-den-quay-so', 'w-nam']);
  });

  it('reads a plain number range as in the issue’s example', () => {
    expect(announcementFor('1023', 12).clips).toEqual([
      'p-moi-cong-dan',
      'w-mot',
      'w-nghin',
      'w-khong',
      'w-tram',
      'w-hai',
      'w-muoi2',
      'w-ba',
      'p-den-quay-so',
      'w-muoi',
      'w-hai',
    ]);
  });

  it('every clip an announcement can use is in the clip list, and names never collide', () => {
    const clips = allClips();
    for (const n of [1, 11, 15, 21, 24, 105, 999, 1023]) {
      for (const clip of announcementFor(`AB${n}`, n).clips) expect(clips).toHaveProperty(clip);
    }
    expect(clipName('mười')).not.toBe(clipName('mươi'));
    expect(new Set(Object.keys(clips)).size).toBe(Object.keys(clips).length);
  });
});

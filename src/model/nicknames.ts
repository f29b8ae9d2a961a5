/**
 * Nicknames, drawn from food names as in the Croquet chat tutorial.
 * Pure functions: no Croquet, no DOM. The model passes in its own (deterministic) random number,
 * so every replica picks the same name.
 */
import { nameKey, uniqueName } from './names.js';

/** Food names from A to Z. Changing this list changes nicknames in running rooms: treat it as data of the model. */
export const NICKNAMES: readonly string[] = Object.freeze([
  'Acorn', 'Almond', 'Apple', 'Apricot', 'Artichoke', 'Asparagus', 'Avocado',
  'Bagel', 'Banana', 'Basil', 'Bean', 'Beet', 'Biscuit', 'Blueberry', 'Broccoli', 'Brownie', 'Burrito', 'Butter',
  'Cabbage', 'Cake', 'Carrot', 'Cashew', 'Celery', 'Cheese', 'Cherry', 'Chestnut', 'Chili', 'Coconut', 'Cookie',
  'Corn', 'Cracker', 'Cucumber', 'Cupcake',
  'Date', 'Donut', 'Dumpling',
  'Eclair', 'Egg', 'Eggplant', 'Endive',
  'Fennel', 'Fig', 'Flapjack',
  'Garlic', 'Ginger', 'Grape', 'Guava',
  'Hazelnut', 'Honey', 'Hummus',
  'Jam', 'Jelly',
  'Kale', 'Kiwi', 'Kumquat',
  'Leek', 'Lemon', 'Lentil', 'Lettuce', 'Lime', 'Lychee',
  'Mango', 'Melon', 'Muffin', 'Mushroom',
  'Noodle', 'Nutmeg',
  'Oat', 'Olive', 'Onion', 'Orange',
  'Pancake', 'Papaya', 'Parsley', 'Parsnip', 'Pea', 'Peach', 'Peanut', 'Pear', 'Pecan', 'Pepper', 'Pickle', 'Pie',
  'Pistachio', 'Plum', 'Popcorn', 'Potato', 'Pretzel', 'Pumpkin',
  'Quince',
  'Radish', 'Raisin', 'Raspberry', 'Rhubarb', 'Rice',
  'Saffron', 'Salsa', 'Scone', 'Spinach', 'Squash', 'Strawberry',
  'Taco', 'Tangerine', 'Toffee', 'Tomato', 'Truffle', 'Turnip',
  'Vanilla',
  'Waffle', 'Walnut', 'Wasabi',
  'Yam', 'Yogurt',
  'Zucchini',
]);

/**
 * Picks a nickname whose {@link nameKey} is not in `takenKeys`, from `random` in [0, 1).
 * When every name is taken, a number is appended ("Fig 2"), so names stay unique.
 */
export function pickNickname(random: number, takenKeys: ReadonlySet<string>, names: readonly string[] = NICKNAMES): string {
  const r = Math.min(Math.max(random, 0), 0.999999999);
  const free = names.filter((name) => !takenKeys.has(nameKey(name)));
  if (free.length > 0) return free[Math.floor(r * free.length)];
  return uniqueName(names[Math.floor(r * names.length)], takenKeys);
}

/**
 * Normalizes post text the way the model stores it: trimmed, at most `max` characters
 * (counted in code points, so a surrogate pair is never cut in half). Non-strings give ''.
 */
export function normalizeText(text: unknown, max: number): string {
  if (typeof text !== 'string') return '';
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  return Array.from(trimmed).slice(0, max).join('').trimEnd();
}

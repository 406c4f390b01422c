// Math.random reseeded per training step. TF.js draws unseeded random ops (dropout masks, recurrent dropout) from a
// fresh alea stream seeded with Math.random(); a layer-level seed would repeat one mask every batch. Seeding
// Math.random from (seed, step) instead gives every step its own mask and makes a seeded run repeat exactly, and a
// run resumed at step s draws what the uninterrupted run drew there.
import { seededRandom } from '../../random/seededRandom';

/** Replaces Math.random until restore(); reseed(step) restarts its stream from (seed, step). */
export class SeededMathRandom {
  private readonly original = Math.random;

  constructor(private readonly seed: number) {
    this.reseed(0);
  }

  reseed(step: number): void {
    Math.random = seededRandom(Math.imul(this.seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(step + 1, 0xc2b2ae35));
  }

  restore(): void {
    Math.random = this.original;
  }
}

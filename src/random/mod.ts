// Public surface of the one seeded random source of trusted code.
export { iterationRng, Rng, RNG_ALGORITHM } from "./rng.ts";
export { type BanditArmStats, ThompsonBandit } from "./bandit.ts";

export { exitCodes } from './exit-codes.js';
export { main } from './main.js';
export { writeFileAtomic } from './write-atomic.js';

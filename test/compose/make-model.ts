// Writes the ONNX model the compose test uploads: a 4-feature, 3-class logistic regression.
// Usage: node -r @swc-node/register test/compose/make-model.ts <file>
import { writeFileSync } from 'node:fs';
import { logisticRegression, randomDenseLayer, seededRandom } from '@mlserve/ml';

const file = process.argv[2];
if (!file) throw new Error('usage: make-model.ts <file>');
writeFileSync(file, logisticRegression(randomDenseLayer(seededRandom(1), 4, 3)).bytes);

// The fixture models and images the playground offers, served from packages/fixtures as
// build assets (Vite copies them into the site; nothing is copied into git).

import cnnUrl from '../../../../../packages/fixtures/data/cnn.onnx?url';
import shirtUrl from '../../../../../packages/fixtures/data/images/000-t-shirt-top.png?url';
import sandalUrl from '../../../../../packages/fixtures/data/images/050-sandal.png?url';
import bagUrl from '../../../../../packages/fixtures/data/images/080-bag.png?url';
import mlpUrl from '../../../../../packages/fixtures/data/mlp.onnx?url';
import resnetUrl from '../../../../../packages/fixtures/data/resnet.onnx?url';

export const fixtureModels: Readonly<Record<string, string>> = {
  cnn: cnnUrl,
  resnet: resnetUrl,
  mlp: mlpUrl,
};

export const fixtureImages: Readonly<Record<string, string>> = {
  '000-t-shirt-top.png': shirtUrl,
  '050-sandal.png': sandalUrl,
  '080-bag.png': bagUrl,
};

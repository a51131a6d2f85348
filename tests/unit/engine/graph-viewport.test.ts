import { describe, expect, it } from 'vitest';
import { layoutGraph } from '../../../src/engine/graph/layout';
import { indexLayout, visibleIn, type Rect } from '../../../src/engine/graph/viewport';
import { bytesSource } from '../../../src/engine/onnx-format/byte-source';
import { readModelGraph } from '../../../src/engine/onnx-format/model-graph';
import { dagModel } from '../../helpers/graph-models';

const meets = (a: Rect, b: Rect) => a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;

describe('culling through the grid of buckets', () => {
  it('finds exactly what a scan of every node and edge finds, in drawing order', async () => {
    const layout = layoutGraph(await readModelGraph(bytesSource(dagModel(1200))));
    const index = indexLayout(layout);
    expect(index.edgePaths).toHaveLength(layout.paths.length);
    expect(index.edgePaths[0]).toMatch(/^M[\d.-]+,[\d.-]+(L[\d.-]+,[\d.-]+)+$/);
    // Areas of every size and place, some reaching past the graph on any side.
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 200; i++) {
      const w = random() * layout.width * (i % 10 === 0 ? 3 : 0.3);
      const h = random() * layout.height * (i % 10 === 0 ? 3 : 0.05);
      const left = random() * (layout.width + w) - w;
      const top = random() * (layout.height + h) - h;
      const area = { left, top, right: left + w, bottom: top + h };
      const expected = {
        nodes: index.nodes.flatMap((r, id) => (meets(r, area) ? [id] : [])),
        edges: index.edges.flatMap((r, e) => (r.right >= r.left && meets(r, area) ? [e] : [])),
      };
      expect(visibleIn(index, area)).toEqual(expected);
    }
  });
});

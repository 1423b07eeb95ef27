import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { FormattedMessage } from 'react-intl';
import { Card, Col, Empty, Row, Spin, Tree, Typography, type TreeDataNode } from 'antd';
import { ConsoleGridLevelDocument, type ConsoleGridLevelQuery } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useFailure } from '../../shell/feedback';
import { ZoneTag } from './zone';
import { GridPanel } from './grid-panel';

type GridRow = ConsoleGridLevelQuery['grids'][number];

const nodeOf = (grid: GridRow): TreeDataNode => ({
  key: grid.id,
  isLeaf: grid.children.length === 0,
  title: <span data-testid={`grid-node-${grid.id}`}>{grid.name} <ZoneTag zone={grid.zone} /></span>,
});

/** Replaces the children of `key` in a tree (antd's Tree keeps the data outside). */
function withChildren(nodes: TreeDataNode[], key: React.Key, children: TreeDataNode[]): TreeDataNode[] {
  return nodes.map((node) => (node.key === key ? { ...node, children } : node.children ? { ...node, children: withChildren(node.children, key, children) } : node));
}

/** The viewer's places, town → village → grid → sub-grids → building, one level fetched as it opens. */
export default function Grids() {
  const { run } = useSession();
  const failure = useFailure();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const selected = params.get('grid');
  const [tree, setTree] = useState<TreeDataNode[] | null>(null);

  useEffect(() => {
    run(ConsoleGridLevelDocument, {}).then((data) => setTree(data.grids.map(nodeOf)), (error) => { setTree([]); failure(error); });
  }, [run, failure]);

  const loadChildren = useCallback(async (node: TreeDataNode) => {
    if (node.children) return;
    try {
      const data = await run(ConsoleGridLevelDocument, { parentId: String(node.key) });
      setTree((current) => withChildren(current ?? [], node.key, data.grids.map(nodeOf)));
    } catch (error) {
      failure(error);
    }
  }, [run, failure]);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card title={<FormattedMessage id="grids.title" />} size="small">
          {tree === null ? <Spin /> : tree.length === 0 ? <Empty description={<FormattedMessage id="grids.none" />} /> : (
            <Tree treeData={tree} loadData={loadChildren} selectedKeys={selected ? [selected] : []} data-testid="grid-tree"
              onSelect={(keys) => setParams(keys[0] ? { grid: String(keys[0]) } : {})} />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        {selected ? <GridPanel id={selected} onOpenDay={(id) => navigate(`/grids/${id}/day`)} /> : (
          <Typography.Text type="secondary"><FormattedMessage id="grids.pick" /></Typography.Text>
        )}
      </Col>
    </Row>
  );
}

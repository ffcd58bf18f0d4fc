export const NodeInfo = Symbol.for('core.NodeInfo');
/** Who this node is: used in logs, metrics, and to filter rules by location. */
export interface NodeInfo {
  /** Unique among the nodes sharing a directory, e.g. `herald-1`. */
  readonly name: string;
  /** The node's location, compared with rules' `match_source_location`. */
  readonly location?: string;
}

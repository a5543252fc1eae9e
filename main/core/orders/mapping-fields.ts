/**
 * Where a push server's JSON payload keeps each order field: pure data, so the settings, the
 * command line and the order screen can name custom paths without the mapping code itself.
 */
/** Where each order field is found in a JSON payload: dotted paths, the first one present wins. */
export interface OrderMapping {
  id: string[];
  title: string[];
  text: string[];
  total: string[];
  table: string[];
  items: string[];
  customer: string[];
  note: string[];
  createdAt: string[];
}

export const DEFAULT_MAPPING: OrderMapping = {
  id: ['id', 'order_id', 'orderId', 'order_sn', 'orderSn', 'order_no', 'orderNo', 'data.id', 'data.order_id', 'data.order_sn', 'order.id'],
  title: ['title', 'subject', 'data.title', 'order.title'],
  text: ['text', 'message', 'msg', 'content', 'data.text', 'data.message', 'data.content'],
  total: ['total', 'amount', 'total_amount', 'order_amount', 'data.total', 'data.amount', 'order.total'],
  table: ['table', 'table_no', 'tableNo', 'desk', 'data.table', 'order.table'],
  items: ['items', 'goods', 'products', 'data.items', 'data.goods', 'order.items'],
  customer: ['customer', 'data.customer', 'order.customer'],
  note: ['note', 'remark', 'memo', 'data.note', 'data.remark', 'order.note'],
  createdAt: ['createdAt', 'created_at', 'data.created_at', 'order.createdAt'],
};

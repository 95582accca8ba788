import type english from '../en/tokens.js';

const messages: Record<keyof typeof english, string> = {
  'tokens.title': 'API 令牌',
  'tokens.intro': '脚本可以用令牌通过 Authorization: Bearer <token> 调用 API。令牌拥有其创建者的角色。',
  'tokens.name': '令牌名称',
  'tokens.expiresInDays': '有效天数（可选）',
  'tokens.create': '创建令牌',
  'tokens.created': '已创建令牌 {name}。请立即复制：它不会再次显示。',
  'tokens.copy': '复制令牌',
  'tokens.none': '没有令牌。',
  'tokens.owner': '所有者',
  'tokens.prefix': '开头字符',
  'tokens.createdAt': '创建时间',
  'tokens.lastUsed': '上次使用',
  'tokens.expires': '过期时间',
  'tokens.never': '从未',
  'tokens.noExpiry': '永不过期',
  'tokens.revoke': '吊销',
  'tokens.confirmRevoke': '吊销令牌 {name}？使用它的脚本将无法继续工作。',
};

export default messages;

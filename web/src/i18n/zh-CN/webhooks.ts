import type english from '../en/webhooks.js';

const messages: Record<keyof typeof english, string> = {
  'webhooks.title': 'Webhook',
  'webhooks.intro':
    '客服系统可以在事件发生时把事件推送到这里，无需导入即可让数据保持最新。每个来源都有自己的地址和密钥；其事件生成的行与导入该客服系统的导出文件所生成的行相同。',
  'webhooks.add': '添加来源',
  'webhooks.vendor': '客服系统',
  'webhooks.source': '来源名称（可选）',
  'webhooks.sourceHint': '这些行所属的来源。留空则使用客服系统的名称，与导入其导出文件时相同。',
  'webhooks.vendorSecret': '{vendor} 的密钥（可选）',
  'webhooks.vendorSecretHint':
    '密钥由 {vendor} 生成。如已获得，请现在粘贴；也可以在 {vendor} 显示密钥后，通过“更换密钥”粘贴。在此之前，其请求会被拒绝。',
  'webhooks.added': '已添加来源 {source}。请将此 URL 粘贴到 {vendor} 中：',
  'webhooks.secretOnce': '请立即复制密钥：它不会再次显示。',
  'webhooks.secretLater':
    '密钥由 {vendor} 生成：{vendor} 显示密钥后，请通过“更换密钥”粘贴到这里。在此之前，其请求会被拒绝。',
  'webhooks.secretGiven': '已保存 {vendor} 的密钥。',
  'webhooks.copyUrl': '复制 URL',
  'webhooks.copySecret': '复制密钥',
  'webhooks.copyBody': '复制请求正文',
  'webhooks.copied': '已复制。',
  'webhooks.copyFailed': '无法复制：请选中文本后自行复制。',
  'webhooks.refresh': '刷新',
  'webhooks.none': '尚无来源。',
  'webhooks.column.source': '来源',
  'webhooks.column.url': 'URL',
  'webhooks.column.lastEvent': '最近一次请求',
  'webhooks.column.counts': '事件',
  'webhooks.noEvent': '尚无',
  'webhooks.outcome.accepted': '已接受',
  'webhooks.outcome.refused': '已拒绝',
  'webhooks.lastError': '原因：{error}',
  'webhooks.counts': '已接受 {accepted} 个，已拒绝 {refused} 个',
  'webhooks.waiting': '{count} 个等待导入',
  'webhooks.failed': '{count} 个无法导入',
  'webhooks.replaceSecret': '更换密钥',
  'webhooks.newSecret': '生成新密钥',
  'webhooks.confirmNewSecret': '为 {source} 生成新密钥？在 {vendor} 发送新密钥之前，其请求会被拒绝。',
  'webhooks.newSecretOnce': '{source} 的新密钥。请立即复制：它不会再次显示。',
  'webhooks.pasteSecret': '{vendor} 的新密钥',
  'webhooks.saveSecret': '保存密钥',
  'webhooks.secretReplaced': '已更换 {source} 的密钥。',
  'webhooks.remove': '删除',
  'webhooks.confirmRemove': '删除来源 {source}？从现在起其请求会被拒绝；其事件带来的数据会保留。',
  'webhooks.scheme': '请求如何校验',
  'webhooks.scheme.zendesk':
    'Zendesk 使用 webhook 的签名密钥为每个请求签名（对时间戳和请求正文计算 HMAC-SHA256）。签名时间与服务器时钟相差超过 5 分钟的请求会被拒绝，因此截获的请求无法在之后重放。',
  'webhooks.scheme.chatwoot':
    'Chatwoot 使用 webhook 的密钥为每个请求签名（对时间戳和请求正文计算 HMAC-SHA256）。签名时间与服务器时钟相差超过 5 分钟的请求会被拒绝，因此截获的请求无法在之后重放。',
  'webhooks.scheme.intercom':
    'Intercom 使用应用的 client secret 为每个请求签名（对请求正文计算 HMAC-SHA1）。创建时间与服务器时钟相差超过 5 分钟的通知会被拒绝，因此截获的请求无法在之后重放。',
  'webhooks.scheme.freshdesk':
    'Freshdesk 无法为请求签名，因此会在一个自定义请求头中发送 servicemeter 生成的密钥。超过 15 分钟的工单更新会被拒绝，因此截获的请求无法在之后重放。',
  'webhooks.setupTitle': '各客服系统的设置方法',
  'webhooks.setup.zendesk':
    '在 Zendesk Admin Center 中打开 Apps and integrations → Webhooks → Create webhook。选择“Zendesk events”以及工单事件 Ticket created、Status changed、Comment added 和 Agent assignment changed。Endpoint URL：该来源的 URL；请求方法 POST；格式 JSON。创建 webhook 后打开它，显示其签名密钥（Reveal secret），并粘贴到这里。',
  'webhooks.setup.chatwoot':
    '在 Chatwoot 中打开 Settings → Integrations → Webhooks → Add new webhook。填写该来源的 URL，并勾选事件 conversation_created、conversation_status_changed、conversation_updated 和 message_created。复制 Chatwoot 为该 webhook 显示的密钥，并粘贴到这里。',
  'webhooks.setup.intercom':
    '在 Intercom Developer Hub 中打开你的应用 → Webhooks。将该来源的 URL 填为 endpoint，并选择主题 conversation.user.created、conversation.user.replied、conversation.admin.replied、conversation.admin.assigned、conversation.admin.closed 和 conversation.admin.opened。Intercom 使用应用的 client secret 签名（Basic information → App credentials）：请将其粘贴到这里。',
  'webhooks.setup.freshdesk':
    '在 Freshdesk 中打开 Admin → Workflows → Automations。在“Ticket creation”下添加一条规则，在“Ticket updates”（任何更新）下再添加一条，每条都使用“Trigger webhook”操作：request type 为 POST，填写该来源的 URL，添加自定义请求头 {header}，值为 servicemeter 生成的密钥，encoding 选 JSON，content 选“Advanced”，并使用下面的请求正文。',
  'webhooks.secretHeader': '自定义请求头',
  'webhooks.bodyTemplate': '“Trigger webhook”操作的请求正文',
};

export default messages;

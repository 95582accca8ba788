import type english from '../en/time.js';

const messages: Record<keyof typeof english, string> = {
  'time.teamZone': '{zone}（团队）',
  'time.endsAtData': '显示 {range}：最新联系创建于 {newest}。',
};

export default messages;

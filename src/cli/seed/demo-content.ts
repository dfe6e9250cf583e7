import type { OperatorType, Role, Tier } from '../../modules/members/member.types';
import type { OrganizationType } from '../../modules/membership/membership.types';
import type { Visibility } from '../../modules/posts/post.types';

/**
 * The demo community's words: who they are, what they write and say. Deterministic data;
 * `demo-data.ts` turns it into records (ids, authors, times, likes).
 */

export interface DemoMemberContent {
  handle: string;
  displayName: string;
  operatorType: OperatorType;
  company: string;
  bio: string;
  expertise: string[];
  role?: Role;
  tier?: Tier;
  /** No avatar: the member shows their initials (and can try uploading one). */
  initialsOnly?: true;
}

export const DEMO_MEMBERS: DemoMemberContent[] = [
  {
    handle: 'laogao',
    displayName: '老高',
    operatorType: 'operations_director',
    company: '老高电商圈',
    bio: '做了十二年电商运营，从淘宝 C 店做到天猫旗舰店。这个圈子的发起人，欢迎大家分享真实的打法。',
    expertise: ['店铺运营', '团队管理', '活动策划'],
    role: 'moderator',
    tier: 'golden_crown',
  },
  {
    handle: 'mia.chen',
    displayName: 'Mia Chen',
    operatorType: 'product_manager',
    company: 'Northwind Commerce',
    bio: 'Product manager for cross-border storefronts. I care about clean tracking plans and honest dashboards.',
    expertise: ['data tracking', 'ga4', 'cross-border'],
    role: 'moderator',
  },
  {
    handle: 'zhou.ming',
    displayName: '周明',
    operatorType: 'operations_director',
    company: '杭州禾木家居电子商务有限公司',
    bio: '家居类目运营总监，管 20 人的运营团队，天猫 + 抖音双平台。',
    expertise: ['类目规划', '团队管理', '大促'],
    tier: 'golden_crown',
  },
  {
    handle: 'lin.xiaoyu',
    displayName: '林晓雨',
    operatorType: 'store_manager',
    company: '小雨美妆旗舰店',
    bio: '美妆店长，专注站内搜索和老客复购。',
    expertise: ['搜索优化', '会员运营', '直通车'],
    tier: 'golden_crown',
  },
  {
    handle: 'david.wu',
    displayName: 'David Wu',
    operatorType: 'operations_director',
    company: 'Brightline Outdoor',
    bio: 'Head of e-commerce at an outdoor brand selling on Tmall, JD and our own site.',
    expertise: ['promotions', 'category planning', 'team management'],
    tier: 'golden_crown',
  },
  {
    handle: 'wang.lei',
    displayName: '王磊',
    operatorType: 'store_manager',
    company: '磊子数码专营店',
    bio: '3C 数码专营店店长，天天和价格战打交道。',
    expertise: ['活动报名', '价格策略'],
  },
  {
    handle: 'chen.jing',
    displayName: '陈静',
    operatorType: 'operations_assistant',
    company: '禾木家居',
    bio: '运营助理，负责活动报名、上新和日常数据整理。',
    expertise: ['活动报名', '数据整理'],
    initialsOnly: true,
  },
  {
    handle: 'sarah.lee',
    displayName: 'Sarah Lee',
    operatorType: 'product_manager',
    company: 'Kettle & Co.',
    bio: 'PM for a kitchenware brand. Search, merchandising and the occasional spreadsheet fight.',
    expertise: ['seo', 'merchandising'],
  },
  {
    handle: 'zhang.wei',
    displayName: '张伟',
    operatorType: 'operations_assistant',
    company: '小雨美妆旗舰店',
    bio: '刚入行一年的运营助理，跟着店长学搜索和直通车。',
    expertise: ['直通车', '标题优化'],
    initialsOnly: true,
  },
  {
    handle: 'liu.fang',
    displayName: '刘芳',
    operatorType: 'product_manager',
    company: '芳华服饰',
    bio: '女装商品企划，负责每季货盘和款式结构。',
    expertise: ['商品企划', '类目规划', '上新节奏'],
  },
  {
    handle: 'tom.zhao',
    displayName: 'Tom Zhao',
    operatorType: 'operations_assistant',
    company: 'Brightline Outdoor',
    bio: 'Operations assistant. I run the campaign calendar and chase every deadline.',
    expertise: ['campaign calendar', 'reporting'],
  },
  {
    handle: 'huang.ting',
    displayName: '黄婷',
    operatorType: 'store_manager',
    company: '婷婷母婴生活馆',
    bio: '母婴店店长，做了五年私域和会员。',
    expertise: ['私域', '会员运营', '复购'],
  },
  {
    handle: 'li.qiang',
    displayName: '李强',
    operatorType: 'operations_director',
    company: '强盛食品旗舰店',
    bio: '休闲食品运营负责人，重点在大促和直播间承接。',
    expertise: ['大促', '直播', '团队管理'],
  },
  {
    handle: 'emily.sun',
    displayName: 'Emily Sun',
    operatorType: 'store_manager',
    company: 'Lotus Tea House',
    bio: 'Store manager for a tea brand. Gift season is our Double 11.',
    expertise: ['gifting', 'promotions'],
  },
  {
    handle: 'sun.hao',
    displayName: '孙浩',
    operatorType: 'operations_assistant',
    company: '强盛食品旗舰店',
    bio: '运营助理，每天盯数据、做日报。',
    expertise: ['日报', '生意参谋'],
    initialsOnly: true,
  },
  {
    handle: 'gao.yan',
    displayName: '高燕',
    operatorType: 'product_manager',
    company: '燕语家纺',
    bio: '家纺商品经理，关注季节性和类目节奏。',
    expertise: ['类目规划', '季节性'],
  },
  {
    handle: 'kevin.ma',
    displayName: 'Kevin Ma',
    operatorType: 'operations_director',
    company: 'Peakform Fitness',
    bio: 'E-commerce director at a fitness equipment maker, building the team from 3 to 15.',
    expertise: ['team management', 'hiring'],
  },
  {
    handle: 'xu.na',
    displayName: '徐娜',
    operatorType: 'store_manager',
    company: '娜娜宠物用品店',
    bio: '宠物用品店长，擅长小预算做活动。',
    expertise: ['优惠券', '活动策划'],
    initialsOnly: true,
  },
];

/** Pending Golden Crown applications: clearly eligible, and two at the threshold's edge. */
export interface DemoApplicationContent {
  key: string;
  applicant: string;
  companyName: string;
  annualTurnoverCny: number;
  isDecisionMaker: boolean;
  jobTitle: string;
  organizationType: OrganizationType;
  motivation: string;
  /** Days before the seed ran. */
  daysAgo: number;
  /** The files it cites as proof of turnover, in the order they were uploaded. */
  evidence: DemoEvidenceContent[];
}

/**
 * A turnover statement: a scanned page with its seal (PNG), or a PDF whose lines are
 * English (the PDF's standard fonts have no Chinese), naming the company as it is written there.
 */
export type DemoEvidenceContent =
  { kind: 'statement' } | { kind: 'statement-pdf'; companyName: string; year: number };

export const DEMO_APPLICATIONS: DemoApplicationContent[] = [
  {
    key: 'application-li-qiang',
    applicant: 'li.qiang',
    companyName: '强盛食品（福建）有限公司',
    annualTurnoverCny: 128_000_000,
    isDecisionMaker: true,
    jobTitle: '电商事业部总经理',
    organizationType: 'brand',
    motivation:
      '我们今年天猫和抖音的食品线都过了亿，想和同体量的品牌交流大促备货和直播间承接的经验，也愿意分享我们的供应链排期方法。',
    daysAgo: 3,
    evidence: [
      { kind: 'statement' },
      { kind: 'statement-pdf', companyName: 'Qiangsheng Foods (Fujian) Co., Ltd.', year: 2025 },
    ],
  },
  {
    key: 'application-kevin-ma',
    applicant: 'kevin.ma',
    companyName: 'Peakform Fitness Equipment Co., Ltd.',
    annualTurnoverCny: 70_000_000,
    isDecisionMaker: true,
    jobTitle: 'Director of E-commerce',
    organizationType: 'manufacturer',
    motivation:
      'We crossed the 70M CNY mark this year, right at the threshold. I would like to compare notes with other manufacturers on moving from distributors to our own flagship stores.',
    daysAgo: 2,
    evidence: [
      { kind: 'statement-pdf', companyName: 'Peakform Fitness Equipment Co., Ltd.', year: 2025 },
    ],
  },
  {
    key: 'application-huang-ting',
    applicant: 'huang.ting',
    companyName: '婷婷母婴（杭州）商贸有限公司',
    annualTurnoverCny: 71_500_000,
    isDecisionMaker: true,
    jobTitle: '联合创始人',
    organizationType: 'distributor',
    motivation:
      '我们是母婴品类的经销商，营业额刚过门槛。希望在金冠圈里学习品牌方的会员体系做法，也能分享私域复购的数据。',
    daysAgo: 1,
    evidence: [{ kind: 'statement' }],
  },
];

export interface DemoPostContent {
  key: string;
  author: string;
  title: string;
  body: string;
  tags: string[];
  visibility?: Visibility;
  /** Days before the seed ran. */
  daysAgo: number;
  /**
   * A picture the author uploaded into the post: the body's `{picture}` line becomes its
   * Markdown image, as the editor inserts it.
   */
  picture?: 'dashboard' | 'seasonal-bars';
}

export const DEMO_POSTS: DemoPostContent[] = [
  {
    key: 'seo-title-structure',
    author: 'lin.xiaoyu',
    title: '淘宝标题优化：30 个字怎么排，才能既有流量又不乱',
    tags: ['seo', '标题优化', '搜索'],
    daysAgo: 20,
    body: `标题是站内搜索的第一入口，但很多店铺的标题是“关键词堆砌”。分享我们店的排法：

## 1. 先定核心词，再加属性词
- **核心词**：买家最终会搜的品类词，例如“精华液”。
- **属性词**：功效、人群、规格，例如“保湿 敏感肌 30ml”。
- **长尾词**：从生意参谋的搜索分析里挑转化率高、竞争度低的词。

## 2. 紧密排列
核心词和最重要的属性词尽量挨着写，搜索引擎对“紧密匹配”更友好。

## 3. 不要频繁改
一次改动不超过 5 个字，改完观察 7 天的搜索流量再决定下一步。

> 我们去年把一款主推精华的标题按这个方法重写，30 天搜索访客涨了 42%。`,
  },
  {
    key: 'seo-product-pages-en',
    author: 'sarah.lee',
    title: 'SEO for product pages on your own site: what actually moved our rankings',
    tags: ['seo', 'own-site', 'content'],
    daysAgo: 19,
    body: `We sell kitchenware on our own Shopify site besides Tmall. Three changes moved our organic traffic in one quarter:

1. **One intent per page.** We merged five near-identical "non-stick pan" pages into one strong page with variants.
2. **Answer the buyer's questions on the page.** Size charts, care instructions and an FAQ block with real customer questions.
3. **Structured data.** \`Product\` and \`Review\` markup got us rich results within three weeks.

What did *not* help: rewriting meta descriptions every week, and buying "SEO packages" of backlinks.

Organic sessions are up 31% quarter on quarter; revenue from organic up 24%.`,
  },
  {
    key: 'search-weight-new-listing',
    author: 'zhang.wei',
    title: '新品上架前两周，怎么拿到第一波搜索权重？',
    tags: ['seo', '新品', '搜索'],
    daysAgo: 17,
    body: `我是运营助理，店长让我负责新品的搜索起量，整理了我们这次的做法，请各位前辈指点：

- 上架前准备好 **主图 5 张 + 视频**，首图突出卖点，不放太多字；
- 标题先用精准长尾词，等有了基础销量再换大词；
- 前 7 天用直通车精准词小预算拉点击率，点击率做到类目均值的 1.5 倍；
- 老客群发新品券，先做出 **基础销量和评价**。

两周后新品的自然搜索占比从 8% 到了 27%。想问一下大家，新品期点击率和转化率哪个对权重影响更大？`,
  },
  {
    key: 'utm-tracking-plan',
    author: 'mia.chen',
    title: 'A tracking plan that survives the next campaign: UTM rules we enforce',
    tags: ['data tracking', 'utm', 'ga4'],
    daysAgo: 18,
    body: `Every campaign season our dashboards broke because someone invented a new \`utm_source\`. Now we keep a one-page tracking plan:

| parameter | rule | example |
|---|---|---|
| utm_source | the platform, lowercase | \`wechat\`, \`xiaohongshu\` |
| utm_medium | the kind of traffic | \`social\`, \`email\`, \`kol\` |
| utm_campaign | \`yyyymm-name\` | \`202606-618-warmup\` |
| utm_content | the creative | \`video-a\` |

Rules that made it stick:

- Links are built **only** with a shared generator sheet, never by hand.
- A weekly check lists sessions with unknown sources; the owner fixes them the same week.
- Campaign names are created *before* the campaign, in the plan.

Since then our channel report needs no manual cleaning.`,
  },
  {
    key: 'shengyi-canmou-daily',
    author: 'sun.hao',
    title: '每天 15 分钟的生意参谋日报：我盯的 8 个数',
    tags: ['数据分析', '生意参谋', '日报'],
    daysAgo: 15,
    picture: 'dashboard',
    body: `做日报一年多，总结出每天必须看的 8 个数，按顺序看：

1. 访客数（分 **搜索 / 推荐 / 付费 / 站外**）
2. 支付转化率
3. 客单价
4. 加购人数和收藏人数
5. 直通车和引力魔方的 ROI
6. 退款率
7. 核心单品的搜索排名
8. 竞品的价格变动

上周的访客结构（生意参谋截图，蓝线是搜索）：

{picture}

看数的原则：**先看结构，再看总数**。总访客没变但搜索占比下降，往往比总数下降更危险。

日报模板我放在团队共享表里，需要的可以在评论区留言。`,
  },
  {
    key: 'event-tracking-miniprogram',
    author: 'mia.chen',
    title: '小程序埋点：先写埋点文档，再让开发动手',
    tags: ['数据埋点', 'data tracking', '小程序'],
    daysAgo: 12,
    body: `上个月我们重做了小程序商城的埋点，踩过的坑整理一下：

## 埋点文档要写清楚
- 事件名统一用 \`动词_对象\`，例如 \`click_add_to_cart\`、\`view_product\`；
- 每个事件列出 **属性、类型、取值范围、触发时机**；
- 标注哪些指标依赖这个事件，方便以后删改时评估影响。

## 上线前必须验收
用测试账号把核心漏斗走一遍：浏览 → 加购 → 下单 → 支付，对照文档逐条检查。

## 常见问题
- 重复上报：页面 onShow 里上报曝光，返回页面时又报一次；
- 口径不一致：“下单”是点击按钮还是订单创建成功？一定要写清楚。`,
  },
  {
    key: '618-entrance-timeline',
    author: 'chen.jing',
    title: '618 活动报名时间线：各个会场入口什么时候报、什么时候审',
    tags: ['活动入口', '618', '活动报名'],
    daysAgo: 16,
    body: `每年 618 都有同事错过报名，今年我把时间线整理成表，供大家参考（以往年节奏为准，具体以平台公告为准）：

| 时间 | 事项 |
|---|---|
| 大促前 30 天左右 | 平台发布招商规则，核对店铺资质 |
| 大促前 25 天 | 主会场、行业会场报名开始 |
| 大促前 15 天 | 报名截止，商品审核 |
| 大促前 7 天 | 预热期开始，优惠券和价格锁定 |
| 活动当天 0 点 | 开门红，重点盯库存和客服 |

**小提醒：**
- 会场入口的坑位有限，**越早报名、资质越完整，审核通过率越高**；
- 价格要提前核对历史最低价，避免审核被驳回；
- 报名后记录每个商品的审核状态，每天更新一次。`,
  },
  {
    key: 'activity-entrance-timing-en',
    author: 'tom.zhao',
    title: 'Campaign entrances and their timing: the calendar we run for Double 11',
    tags: ['activity entrances', 'double 11', 'campaign calendar'],
    daysAgo: 14,
    body: `Platform entrances (main venue, category venues, flash-sale slots, coupon centers) open and close on a fixed rhythm. Missing a window costs a whole season. Our calendar, counted back from the big day (D):

- **D-45**: rules published; check store qualifications and price history.
- **D-35 to D-25**: registration for the main and category venues.
- **D-20**: product review; fix rejected items within 24 hours.
- **D-10**: warm-up starts; coupons go live, prices locked.
- **D-day**: hourly stock and conversion checks; customer service on shifts.

Two lessons from last year:

1. Register **secondary entrances** too (flash-sale, new-product venues). They carried 18% of our Double 11 traffic.
2. Put every deadline in a shared calendar with an owner. "Someone will do it" is how we missed a venue in 2024.`,
  },
  {
    key: 'juhuasuan-slot',
    author: 'wang.lei',
    title: '聚划算坑位值不值得报？3C 类目的算账方法',
    tags: ['活动入口', '聚划算', '价格策略'],
    daysAgo: 11,
    body: `数码类目利润薄，报聚划算前我一定先算账：

\`\`\`
活动毛利 = (活动价 - 成本 - 平台扣点 - 坑位费分摊) × 预估销量
\`\`\`

再加上两个隐性收益：

1. **搜索权重**：活动期间的销量会带动活动后 2~3 周的自然搜索；
2. **新客**：活动带来的新客，后续复购的价值。

我们的经验是：**坑位费 ÷ 预估新客数** 低于店铺平时的获客成本，就值得报。上次报了一款充电宝，活动本身只赚了 3%，但活动后自然流量涨了 60%。`,
  },
  {
    key: 'coupon-stacking',
    author: 'xu.na',
    title: '优惠券叠加算错一次，亏了两万：大促前必须做的价格核对',
    tags: ['促销', '优惠券', '大促'],
    daysAgo: 13,
    body: `去年双 11 我们店铺券、跨店满减、品类券叠加之后，有一款猫粮实际成交价低于成本，一晚上亏了两万多。

现在大促前一定做 **价格核对表**：

- 列出每个商品可能同时生效的所有优惠：店铺券、满减、品类券、会员价、赠品；
- 计算 **最坏情况下的到手价**；
- 到手价低于成本价的，调整券的使用门槛或者把商品排除出活动。

另外，优惠券设置完成后，用小号真实下单试一遍，比看后台设置靠谱得多。`,
  },
  {
    key: 'promotion-mechanics-en',
    author: 'emily.sun',
    title: 'Tiered discounts vs. coupons vs. gifts: what worked for a premium tea brand',
    tags: ['promotions', 'pricing', 'gifting'],
    daysAgo: 10,
    body: `We tested three promotion mechanics over the last two campaigns:

- **Tiered discounts** ("¥50 off every ¥300"): raised average order value by 22%, but trained buyers to wait for campaigns.
- **Coupons for members only**: smaller lift (+9%), but repeat purchase within 60 days was twice as high.
- **Gift with purchase** (a tasting set): best for new customers; cost us less than a discount of the same perceived value.

For a premium brand, our rule now is: *never discount the hero product*; use gifts and member coupons around it, and keep the list price stable all year.`,
  },
  {
    key: 'new-customer-promotion',
    author: 'huang.ting',
    title: '母婴店新客首单怎么设计：我们试了 4 种方式',
    tags: ['促销', '新客', '复购'],
    daysAgo: 9,
    body: `母婴品类新客获客成本高，首单设计很重要。我们 A/B 测了 4 种：

1. 首单立减 20 元
2. 首单送试用装
3. 首单满 99 包邮 + 积分翻倍
4. 首单送 30 天内可用的复购券

**结果：** 第 4 种首单转化率不是最高的，但 **30 天复购率高出 2.3 倍**，综合下来 ROI 最好。

做母婴要看长期价值，不要只盯首单转化率。`,
  },
  {
    key: 'team-kpi',
    author: 'zhou.ming',
    title: '20 人运营团队的 KPI 怎么定：别只考核 GMV',
    tags: ['团队管理', 'kpi', '运营团队'],
    daysAgo: 8,
    body: `只考核 GMV，团队就会用低价和大额付费推广换销量。我们现在的 KPI 分三层：

## 结果指标（50%）
GMV、毛利额

## 过程指标（35%）
- 自然搜索访客占比
- 老客复购率
- 付费推广 ROI

## 能力与协作（15%）
- 复盘文档的质量
- 带新人的情况

每月一次复盘会，**每个人讲一个做对的和一个做错的**。做错的不扣分，重复犯同样的错才扣。

这套考核跑了半年，团队的毛利率提升了 4 个点。`,
  },
  {
    key: 'onboarding-assistants-en',
    author: 'kevin.ma',
    title: 'Onboarding new operations assistants: a 30-day plan',
    tags: ['team management', 'onboarding', 'hiring'],
    daysAgo: 7,
    body: `We hired six assistants this year. What works better than "sit next to someone and watch":

**Week 1 — the store and the data.** Daily report with a mentor; learn where every number comes from.

**Week 2 — listings.** Rewrite titles and detail pages for three long-tail products; the mentor reviews every change.

**Week 3 — a campaign.** Own the registration of one small platform activity end to end.

**Week 4 — a retrospective.** Present what they learned and one thing they would change in our process.

Every week has a written checklist, so mentors do not have to remember what to teach.`,
  },
  {
    key: 'big-sale-duty-roster',
    author: 'li.qiang',
    title: '大促值班表怎么排：客服、运营、仓库三方联动',
    tags: ['团队管理', '大促', '直播'],
    daysAgo: 6,
    body: `双 11 开门红那晚，最怕的不是流量少，而是出问题没人处理。我们的值班原则：

- **运营**：每 30 分钟看一次实时数据，库存低于安全线马上通知仓库和客服；
- **客服**：按咨询量分三班，高峰期增加快捷回复；
- **仓库**：提前打包 TOP20 商品，开门红后 2 小时内开始发货；
- 建一个大促作战群，**只发问题和结论，不闲聊**。

值班表提前一周定好，每个岗位都有 A/B 角，谁都不能是唯一的那个人。`,
  },
  {
    key: 'category-planning-home',
    author: 'zhou.ming',
    title: '类目规划：家居店的货盘怎么搭（引流款 / 利润款 / 形象款）',
    tags: ['类目规划', '货盘', '商品结构'],
    daysAgo: 5,
    visibility: 'members',
    body: `很多店铺 SKU 很多，但没有结构。我们家居店的货盘比例大致是：

| 角色 | SKU 占比 | 销售额占比 | 作用 |
|---|---|---|---|
| 引流款 | 15% | 30% | 低价、高点击，带来流量 |
| 利润款 | 60% | 55% | 主要利润来源 |
| 形象款 | 10% | 5% | 拉高品牌调性 |
| 测试款 | 15% | 10% | 新品测款 |

**关键点：** 引流款的详情页一定要关联利润款，否则只是在做亏本流量。

每个季度复盘一次，销售不达标的测试款果断下架。`,
  },
  {
    key: 'category-planning-seasonal-en',
    author: 'david.wu',
    title: 'Category planning around seasons: how we plan an outdoor assortment',
    tags: ['category planning', 'assortment', 'seasonality'],
    daysAgo: 4,
    picture: 'seasonal-bars',
    body: `Outdoor gear is brutally seasonal. We plan the assortment in three layers:

1. **Core** (all year): backpacks, base layers. Stable prices, never out of stock.
2. **Seasonal**: tents and sleeping bags from March, down jackets from September. Stock decisions 90 days ahead.
3. **Trend tests**: 10–15 new items per season, small batches, killed quickly if sell-through is below 40% after 6 weeks.

Last year's sell-in by month (core, seasonal, trend tests):

{picture}

We review the category tree each quarter: a sub-category with less than 2% of revenue and no growth gets merged or dropped, so the store stays easy to browse.`,
  },
  {
    key: 'new-season-launch-rhythm',
    author: 'liu.fang',
    title: '女装上新节奏：每周两次小上新，比每月一次大上新好在哪',
    tags: ['类目规划', '上新节奏', '商品企划'],
    daysAgo: 3,
    body: `我们从去年开始把“每月一次大上新”改成“每周二、周五两次小上新”，效果：

- **老客回访频率** 提高，首页每周都有新东西；
- 测款更快，一款不行下周就能换；
- 库存压力小，每次只上 6~10 款。

配套要做的事：

1. 固定上新时间，提前 1 天在私域和店铺首页预告；
2. 每款上新后 72 小时看收藏加购率，决定追单还是停产；
3. 设计、拍摄、文案的排期倒推表，一周也不能乱。`,
  },
  {
    key: 'direct-train-budget',
    author: 'lin.xiaoyu',
    title: '直通车预算有限时，优先投哪些词？',
    tags: ['直通车', '付费推广', '搜索'],
    daysAgo: 2,
    body: `小店预算有限，我的优先级：

1. **成交过的精准长尾词**：转化率最高，先保证这部分有展现；
2. **竞品词**：谨慎投，只投客单价比竞品有优势的；
3. **大词**：只在大促前的蓄水期短时间投。

分时折扣也很重要：美妆类目晚上 8 点到 11 点转化最好，这个时段溢价 130%，凌晨降到 30%。

每周删掉花费超过客单价两倍仍未成交的词。`,
  },
  {
    key: 'dashboard-mistakes-en',
    author: 'sarah.lee',
    title: 'Five dashboard mistakes that cost us a bad campaign decision',
    tags: ['data tracking', 'analytics', 'reporting'],
    daysAgo: 2,
    body: `Last spring we cut a channel that was actually working. The dashboard was wrong in five ways:

1. Last-click attribution only — social traffic got zero credit.
2. Refunds not subtracted, so a discount-heavy channel looked great.
3. Time zones mixed between platform exports.
4. Bot traffic counted in sessions.
5. No annotation of campaigns, so nobody remembered why March spiked.

Fixes: a simple position-based attribution view beside last click, net revenue everywhere, one time zone (Asia/Shanghai), and an annotations row on every chart.`,
  },
  {
    key: 'golden-crown-supply-chain',
    author: 'david.wu',
    title: 'Golden Crown only: negotiating payment terms with factories before peak season',
    tags: ['supply chain', 'peak season'],
    daysAgo: 5,
    visibility: 'golden_crown',
    body: `Sharing numbers here rather than in the open feed. Before Double 11 we moved two factories from 30% deposit / 70% before shipping to **20% deposit / 80% at 45 days**.

What made it possible:

- A 12-month volume forecast shared with the factories, updated monthly.
- Committing to off-season orders in exchange for peak-season terms.
- Paying *on the day* for a year before asking for anything.

Cash freed up for the peak: about 6M CNY. Happy to compare terms with other brands in the lounge.`,
  },
  {
    key: 'golden-crown-livestream-split',
    author: 'laogao',
    title: '金冠圈内部：直播间与货架电商的利润怎么分账',
    tags: ['直播', '利润', '组织架构'],
    daysAgo: 1,
    visibility: 'golden_crown',
    body: `几位金冠会员私下问过同一个问题：直播团队和店铺运营团队，利润怎么算才不打架？

我们见过比较顺的做法：

1. **按成交渠道记收入**，但直播带来的搜索增量，按活动前后两周的搜索访客差额，分一部分给直播团队；
2. 广告费归属到花钱的团队，谁花谁负责 ROI；
3. 季度奖金池 **按公司毛利** 发，避免两个团队只看自己的账。

欢迎在评论区补充你们公司的做法，这里的内容只有金冠会员能看到。`,
  },
  {
    key: 'welcome',
    author: 'laogao',
    title: '欢迎来到老高电商圈 · Welcome to the Laogao Circle',
    tags: ['公告', 'welcome'],
    daysAgo: 21,
    body: `欢迎各位运营同行！这里是一个 **只聊真实打法** 的圈子：

- 分享你做过的事、用过的数据，少讲概念；
- 评论区可以追问，也可以反对，但请对事不对人；
- 年营业额 7000 万以上的品牌方、商家可以申请加入 **金冠俱乐部**，和同体量的同行深入交流。

Welcome! Share what you actually did, with numbers when you can. Ask, disagree, and keep it about the work.`,
  },
  {
    key: 'private-domain-repurchase',
    author: 'huang.ting',
    title: '私域复购：企业微信社群的内容排期表',
    tags: ['私域', '复购', '会员运营'],
    daysAgo: 1,
    visibility: 'members',
    body: `社群最怕变成广告群。我们的每周排期：

- 周一：育儿知识（不带货）
- 周三：会员专享秒杀（限量）
- 周五：晒单有礼
- 周日：答疑时间，由营养师在线

**数据：** 社群会员的 90 天复购率是非社群会员的 2.8 倍，退群率每月低于 3%。

内容由一个助理负责，排期提前两周定好。`,
  },
];

/** Comments, by language; a post gets comments in its own language. */
export const COMMENTS_ZH = [
  '很实用，收藏了！我们店下周就按这个方法试一下。',
  '请问这个数据周期是多长？7 天还是 30 天？',
  '我们也遇到过同样的问题，最后是把活动商品单独建了一个价格核对表才解决。',
  '补充一点：大促前一定要和客服同步规则，不然售后会很麻烦。',
  '这个思路很清楚，特别是“先看结构再看总数”，受教了。',
  '想问一下，团队规模小的店铺（3 个人）也适合这么做吗？',
  '我们类目的情况不太一样，转化率更看评价和详情页。',
  '感谢分享，能不能多讲讲复盘会是怎么开的？',
  '实测有效，标题改完两周搜索访客涨了 20% 左右。',
  '同意，只看 GMV 真的会把团队带偏。',
  '坑位费这个算法很有启发，之前一直是拍脑袋决定报不报。',
  '数据口径这件事太重要了，我们就因为“下单”定义不统一吵了一个月。',
];

export const COMMENTS_EN = [
  'Really practical, thanks. We will try this on our next campaign.',
  'How long did it take before you saw the effect?',
  'We had the same problem. A shared calendar with owners fixed most of it for us.',
  'Did you measure this against a control group, or before/after?',
  'Great write-up. The part about secondary entrances matches our data too.',
  'Would this work for a team of three? We cannot afford a full-time analyst.',
  'Agreed. Discounting the hero product hurt our brand more than it helped sales.',
  'Could you share the template? Happy to send ours in return.',
  'Saving this for our next quarterly review.',
  'Interesting. In our category the effect was smaller, maybe because of seasonality.',
];

export const REPLIES_ZH = [
  '周期我们一般看 7 天，大促前后看 14 天。',
  '小团队也可以，先从最重要的两三个指标开始。',
  '对，这个坑我们也踩过。',
  '可以的，我晚点整理一下发出来。',
  '谢谢补充，这点很关键。',
];

export const REPLIES_EN = [
  'About three weeks for search, faster for paid traffic.',
  'Before/after, but we kept the budget flat, so it is a fair comparison.',
  'Yes, start with the two or three numbers that matter most.',
  'Sure, I will post it here later this week.',
  'Good point, thanks for adding it.',
];

/** Room history: a day of talk in `general`, and a calmer one in the Golden Crown lounge. */
export interface DemoChatLine {
  author: string;
  body: string;
}

export const GENERAL_CHAT: DemoChatLine[] = [
  { author: 'laogao', body: '大家早！今天聊聊 618 的报名进度，各位都报了哪些会场？' },
  { author: 'chen.jing', body: '主会场和家居行业会场都报了，还在等审核。' },
  {
    author: 'wang.lei',
    body: '数码类目今年的价格要求更严，我们有两款被驳回了，说是高于近 30 天最低价。',
  },
  {
    author: 'tom.zhao',
    body: 'Same for us on JD. We had to re-check the 30-day price history for every SKU.',
  },
  { author: 'laogao', body: '驳回之后 24 小时内改完重新提交，一般还来得及。' },
  { author: 'zhang.wei', body: '请教一下，新品期直通车的点击率做到多少算合格？' },
  { author: 'lin.xiaoyu', body: '至少类目均值，最好 1.5 倍。先用精准长尾词，别急着上大词。' },
  { author: 'zhang.wei', body: '明白了，谢谢店长！' },
  {
    author: 'mia.chen',
    body: 'Reminder: if you build campaign links by hand, please use the UTM sheet I posted. Our channel report thanks you.',
  },
  { author: 'sarah.lee', body: '+1. We cut a working channel last year because of broken UTMs.' },
  { author: 'sun.hao', body: '今天的日报发现搜索访客占比掉了 5 个点，总访客没变，正在查原因。' },
  { author: 'zhou.ming', body: '先看核心单品的搜索排名，再看有没有竞品在降价。' },
  { author: 'sun.hao', body: '查到了，一款主推的排名掉到第二页了，竞品做了活动。' },
  { author: 'xu.na', body: '大促前大家记得做价格核对表！去年我们券叠加亏了两万。' },
  {
    author: 'emily.sun',
    body: 'Does anyone run gift-with-purchase instead of discounts? Curious about the numbers.',
  },
  { author: 'huang.ting', body: '我们母婴店用赠品做新客首单，效果比直接立减好。' },
  { author: 'emily.sun', body: 'Thanks! Our tasting sets worked better than 10% off too.' },
  { author: 'liu.fang', body: '女装这周五上新 8 款，有没有同行一起交流测款数据？' },
  { author: 'gao.yan', body: '家纺也在换季，我们看 72 小时收藏加购率决定追单。' },
  {
    author: 'kevin.ma',
    body: 'We are hiring two operations assistants in Hangzhou, if anyone knows good people.',
  },
  { author: 'li.qiang', body: '直播间承接大促流量，大家一般提前多久排主播？' },
  { author: 'zhou.ming', body: '我们提前一个月定主播和排期，大促前两周彩排。' },
  {
    author: 'david.wu',
    body: 'Double 11 calendar is up in the feed. Secondary entrances carried 18% of our traffic last year.',
  },
  { author: 'tom.zhao', body: 'I keep that calendar. Every deadline has an owner now.' },
  { author: 'chen.jing', body: '审核通过了！主会场 3 款，行业会场 5 款。' },
  { author: 'laogao', body: '恭喜！记得预热期前把优惠券和价格都锁好。' },
];

export const LOUNGE_CHAT: DemoChatLine[] = [
  { author: 'laogao', body: '金冠会客厅开张，欢迎各位。这里聊的内容只有金冠会员和版主能看到。' },
  { author: 'zhou.ming', body: '今年家居的大促备货，大家按去年同期的多少比例备？' },
  {
    author: 'david.wu',
    body: 'We stocked 120% of last year for core items, 80% for seasonal ones.',
  },
  { author: 'lin.xiaoyu', body: '美妆我们备了 110%，新品单独按预售量算。' },
  { author: 'zhou.ming', body: '工厂账期谈下来了吗？我们还是 30% 定金。' },
  {
    author: 'david.wu',
    body: 'We got 20% deposit, 80% at 45 days. Details in the Golden Crown post.',
  },
  { author: 'laogao', body: '账期这件事，关键是平时付款守信用，大促前才好谈。' },
  { author: 'lin.xiaoyu', body: '直播和店铺的利润分账，我们也还在摸索，看了老高的帖子很有启发。' },
  {
    author: 'mia.chen',
    body: 'Reminder from the moderators: three Golden Crown applications are waiting for review.',
  },
  { author: 'zhou.ming', body: '下个月线下聚一次？杭州这边我来安排。' },
  { author: 'david.wu', body: 'Count me in.' },
];

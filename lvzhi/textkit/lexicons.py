"""The user dictionaries and stop words of the engines that segment Chinese text.

* :data:`SUGGESTIONS` — deputies' suggestions (:mod:`lvzhi.suggestions.engines`): domain words
  of municipal affairs kept whole as word features; function words and fillers dropped from
  them (IDF handles the rest).
* :data:`CONSULTATION` — public comments on a draft (:mod:`lvzhi.consultation.analytics`,
  theme keywords): the vocabulary of the draft consulted on kept whole; stance words, greetings
  and the draft's ubiquitous words never make a keyword (and their character bigrams are left
  out of the theme features).

The two share three words (电动自行车, 老旧小区, 飞线充电) and are deliberately not merged into
one dictionary: see :mod:`.tokenise` (merging would change how either engine cuts near ties).
"""

from __future__ import annotations

from .tokenise import Lexicon

__all__ = ["CONSULTATION", "SUGGESTIONS"]

SUGGESTIONS = Lexicon(
    "suggestions",
    user_words=tuple(
        """
    加装电梯 老旧小区 垃圾分类 课后服务 校车 托育 医保 异地就医 门诊慢特病 家庭医生 公交线路 停车难 黑臭水体 河长制 助餐 老年食堂 反诈 电诈 一网通办 诉源治理 公益诉讼 执行难
    失信被执行人 高标准农田 人居环境 预付卡 明厨亮灶 夜间经济 适老化 数字鸿沟 营商环境 免申即享 口袋公园 保障性租赁住房 公积金 电动自行车 飞线充电 代表联络站 预算联网监督 无障碍
    """.split()
    ),
    stop_words=frozenset(
        """
    一些 部分 不少 存在 问题 工作 相关 有关 以及 通过 对于 由于 因此 其中 已经 进行 我们 他们
    这些 那些 这个 那个 一个 没有 还是 或者 并且 而且 但是 然而 如果 虽然 因为 所以 同时 此外
    等等 方面 情况 有的 较为 比较 十分 非常 一定 可以 能够 需要 应当 应该 不断 切实 积极 认真
    尽快 及时 加强 推进 推动 完善 建立 健全 提高 提升 加大 力度 实现 做到 做好 开展 落实 强化
    """.split()
    ),
)

CONSULTATION = Lexicon(
    "consultation",
    user_words=tuple(
        """
    电动自行车 外卖骑手 快递小哥 配送员 以旧换新 淘汰补贴 飞线充电 入户充电 私拉电线 临时号牌 超标车 安全头盔 充电设施
    充电桩 集中停放 老旧小区 物业服务人 人流密集路段 非机动车道 共享电单车 互联网租赁 限速 上牌 号牌 行驶证 载人
    固定座椅 安全座椅 配送时间 超时扣款 记分 过渡期 蓄电池 废旧电池 非法改装 拼装 维修店 电梯 楼道 人行道 电子警察
    禁行 限行 物理隔离 以案释法 征求意见 听证
""".split()
    ),
    stop_words=frozenset(
        """
    电动自行车 电动车 电瓶车 自行车 条例 草案 本条例 规定 条款 本条 这条 这一条 该条 第条 建议 意见 建议稿 修改 修改意见
    支持 反对 同意 赞成 赞同 不同意 不赞成 希望 恳请 请求 要求 应当 应该 可以 不能 不得 没有 已经 非常 十分 完全 特别
    我们 咱们 本人 自己 大家 一名 一个 一位 居民 市民 立法 机关 领导 尊敬 您好 你好 谢谢 感谢 参考 仅供参考 采纳 考虑
    关于 对于 针对 提出 个人 以上 以下 以及 或者 并且 而且 但是 可是 因为 所以 因此 如果 这个 那个 这样 那样 什么
    怎么 如何 问题 情况 工作 进行 相关 有关 部门 政府 人民政府 江澜市 本市 我市 全市 市里 同时 还是 就是 不是 时候
    现在 目前 其实 真的 确实 一定 必须 需要 能够 觉得 认为 表示 坚决 举双手 点赞 很好 很有必要 有必要 必要 合理
    不合理 不妥 完善 进一步 明确 细化 一下 请教 咨询 了解 想问 回复 重视 给予 予以 研究 充分 认真 能否 是否 问一下
    看到 目睹 每天 天天 经常 总能 总是 平时 一直 上周 上个月 前不久 前些天 前段时间 去年 前年 今年 一辆 这辆 那辆 辆车
    不要 用来 一趟 单程 我家 一次 几个 多少 之后 以后 以前 时候 地方 东西
""".split()
    ),
)

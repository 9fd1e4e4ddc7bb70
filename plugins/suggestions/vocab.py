"""The suggestions plugin's vocabularies, each defined once with its Chinese labels: the deputies' ratings
(满意度), the reply categories (答复类别, A–D), and the ways a department contacts a deputy."""

from lianluo.kernel import Vocabulary

RATINGS = Vocabulary("rating", {"satisfied": "满意", "basic": "基本满意", "unsatisfied": "不满意"})
REPLY_CATEGORIES = Vocabulary("category", {"A": "已解决", "B": "正在解决或列入计划", "C": "留作参考",
                                           "D": "因条件限制暂时难以解决"})
DEFAULT_CATEGORIES = ("A", "B", "C")  # the CLI contract's default; a profile may list A–D (`reply_categories`)
CONTACT_MODES = Vocabulary("mode", {"meet": "见面", "phone": "电话", "visit": "走访", "letter": "信函"})

using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Access;

// Why AccessDecider refuses, in both languages.

public sealed record UnknownRole(string Role) : Text(
    "unknown-role",
    $"役割「{Role}」はありません。recorder（担当課）、office（事務局）、auditor（監査）、headquarters（本部）のいずれかを選んでください。",
    $"There is no role '{Role}': choose recorder, office, auditor or headquarters.");

public sealed record ValueRequired(string WhatJa, string WhatEn) : Text(
    "required",
    $"{WhatJa}を入力してください。",
    $"Enter the {WhatEn}.");

public sealed record ValueTooLong(string WhatJa, string WhatEn, int Max) : Text(
    "too-long",
    $"{WhatJa}は {Max} 文字までです。",
    $"The {WhatEn} takes at most {Max} characters.");

public sealed record NotAnEmail(string Value) : Text(
    "not-an-email",
    $"「{Value}」はメールアドレスの形ではありません。",
    $"'{Value}' is not an e-mail address.");

public sealed record AlreadyGranted(string DisplayName, string Role) : Text(
    "already-granted",
    $"{DisplayName} さんには既に同じ内容で役割「{Role}」が付与されています。",
    $"{DisplayName} already has the role '{Role}' with these details.");

public sealed record NoSuchGrant(string Subject) : Text(
    "no-such-grant",
    $"識別子「{Subject}」の人にはアクセスが付与されていません。",
    $"No access is granted to the person '{Subject}'.");

public sealed record NoSuchKey() : Text(
    "no-such-key",
    "そのAPIキーはありません。",
    "No such API key.");

public sealed record ResidentsPageAlreadyOpen() : Text(
    "residents-page-already-open",
    "住民向けページは既に公開されています。",
    "The page for residents is already published.");

public sealed record ResidentsPageAlreadyClosed() : Text(
    "residents-page-already-closed",
    "住民向けページは公開されていません。",
    "The page for residents is not published.");

public sealed record KeyAlreadyRevoked(string Name) : Text(
    "key-already-revoked",
    $"APIキー「{Name}」は既に失効しています。",
    $"The API key '{Name}' is already revoked.");

public sealed record FigureReviewAlreadyOn() : Text(
    "figure-review-already-on",
    "実績値の確認（事務局による確認）は既に有効です。",
    "The office's review of figures is already on.");

public sealed record FigureReviewAlreadyOff() : Text(
    "figure-review-already-off",
    "実績値の確認（事務局による確認）は有効になっていません。",
    "The office's review of figures is not on.");

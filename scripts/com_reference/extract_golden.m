function extract_golden(mat_file, json_file, description)
% Writes the figures RackLink's tests compare against from a saved run of the IEEE COM
% reference (see run_reference.sh) to a JSON golden file. RackLink's own code.
s = load(mat_file);
r = s.r;
cases = {};
for c = 1:numel(r)
  o = r{c};
  if isempty(o)  % the reference returned early: equalization failed in this package case
    cases{end+1} = struct('equalization_failed', true);
    continue;
  end
  g = struct();
  g.com_db = o.COM_dB;
  g.fom_db = o.FOM;
  g.as_mv = o.available_signal_after_eq_mV;
  g.ani_mv = o.Peak_ISI_XTK_and_Noise_interference_at_BER_mV;
  g.sgm_isi_mv = 1e3 * o.sgm_isi;
  g.sgm_xt_mv = 1e3 * o.sgm_xt;
  g.sgm_noise_mv = 1e3 * o.sgm_noise__gaussian_noise_p_DD;
  g.sgm_p_dd_mv = 1e3 * o.sgm_p_DD;
  g.sgm_g_mv = 1e3 * o.sgm_G;
  g.sigma_n_mv = 1e3 * o.sgm_N;
  g.sigma_tx_mv = 1e3 * o.sgm_TX;
  g.g_dc_db = o.CTLE_DC_gain_dB;
  if isempty(o.g_DC_HP), g.g_dc_hp_db = 0; else, g.g_dc_hp_db = o.g_DC_HP; end
  g.txffe = o.TXLE_taps(:).';
  g.dfe_taps = o.DFE_taps(:).';
  if isfield(o, 'RxFFE') && ~isempty(o.RxFFE), g.rxffe = o.RxFFE(:).'; end  % 802.3dj receiver FFE
  if isfield(o, 'floating_tap_locations') && ~isempty(o.floating_tap_locations)
    g.floating_taps = o.floating_tap_locations(:).';  % floating DFE / RxFFE banks
  end
  if isfield(o, 't_s'), g.t_s = o.t_s; end  % a line of RackLink's v4.20 working copy; not in v4.50's output
  g.vtf_loss_db = o.VTF_loss_dB_at_Fnq;
  g.die_to_die_loss_db = o.IL_db_die_to_die_at_Fnq;
  g.peak_isi_mv = o.peak_ISI_interference_at_BER_mV;
  g.peak_xtalk_mv = o.peak_MDXTK_interference_at_BER_mV;
  g.der_at_threshold = o.DER_thresh;
  % AC common-mode noise (AC_CM_RMS): the ACCM part of sigma_N of the chosen CTLE and its
  % eta_0 part, and the reference's reports at TP0 and at the RX package output (present
  % when the reference copy reports them)
  if isfield(o, 'sigma_ACCM_mV'), g.sigma_accm_mv = o.sigma_ACCM_mV; end
  if isfield(o, 'sigma_N1_mV'), g.sigma_n_eta0_mv = o.sigma_N1_mV; end
  if isfield(o, 'sigma_ACCM_at_tp0_mV') && ~isempty(o.sigma_ACCM_at_tp0_mV)
    g.sigma_accm_tp0_mv = o.sigma_ACCM_at_tp0_mV;
    g.sigma_accm_rxpkg_mv = o.sigma_AC_CCM_at_rxpkg_output_mV;
  end
  % Enforce Causality: causality_correction_dB per channel (thru, FEXT..., NEXT...), present when
  % the reference copy stores it in its results (RackLink's golden runs add that one line)
  if isfield(o, 'causality_correction_dB'), g.causality_correction_db = o.causality_correction_dB(:).'; end
  g.vec_db = o.VEC_dB;
  g.veo_mv = o.VEO_mV;
  if isfield(o, 'C2M_EH_T')  % C2M eye (T_O != 0): worst eye's edges over T_s +/- T_O
    g.eh_top_mv = 1e3 * o.C2M_EH_T;
    g.eh_bottom_mv = 1e3 * o.C2M_EH_B;
  end
  if isfield(o, 'EW_UI_est') && ~isempty(o.EW_UI_est), g.ew_ui = o.EW_UI_est(:).'; end
  if isfield(o, 'sigma_bn') && ~isempty(o.sigma_bn), g.sigma_bn_mv = 1e3 * o.sigma_bn; end  % RX_CALIBRATION
  cases{end+1} = g;
end
o = r{1};
out = struct();
out.description = description;
out.produced_by = ['IEEE 802.3 COM reference com_ieee8023_93a v' o.code_revision ...
                   ' under GNU Octave ' version() ' (scripts/com_reference/run_reference.sh)'];
out.reference_run_s = s.elapsed_s;
out.fom_ild_db = o.FOM_ILD;
out.il_nyquist_db = o.IL_dB_channel_only_at_Fnq;
out.fitted_il_nyquist_db = o.fitted_IL_dB_at_Fnq;
out.icn_mv = o.ICN_mV;
out.cases = cases;
fid = fopen(json_file, 'w');
fprintf(fid, '%s\n', jsonencode(out));
fclose(fid);
end
